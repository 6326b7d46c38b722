import { DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES } from '@apollo/federation-internals';

/**
 * @apollo/gateway refuses supergraphs that link a `for: SECURITY` feature it does not know, so that a
 * gateway never ignores an access rule silently. This gateway enforces `@authenticated` and
 * `@requiresScopes` itself (./authorize.ts), so it declares them supported. `@policy` stays unsupported:
 * a supergraph that uses it is refused, as it should be.
 */
export const ENFORCED_SECURITY_FEATURES = [
  'https://specs.apollo.dev/authenticated/v0.1',
  'https://specs.apollo.dev/requiresScopes/v0.1',
] as const;

export function declareEnforcedSecurityFeatures(): void {
  for (const feature of ENFORCED_SECURITY_FEATURES) DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES.add(feature);
}
