import type { ProductionCheck } from '@mesh/product-kit';
import type { GatewayEnv } from './config';

/**
 * What production mode (`NODE_ENV=production`) requires of the gateway's settings, for
 * `assertProductionSafe`: no published development secret (set or defaulted), no demo sign-in, and a real
 * identity provider pinned to its issuer and audience.
 */
export function gatewayProductionCheck(env: GatewayEnv): ProductionCheck {
  return {
    secrets: {
      // With JWKS_URL the provider's keys verify tokens; JWT_SECRET is then unused.
      ...(env.JWKS_URL ? {} : { JWT_SECRET: env.JWT_SECRET }),
      MESH_IDENTITY_SECRET: env.MESH_IDENTITY_SECRET,
      ...Object.fromEntries(
        Object.entries(env.MESH_IDENTITY_SECRETS ?? {}).map(([product, secret]) => [
          `MESH_IDENTITY_SECRETS.${product}`,
          secret,
        ]),
      ),
    },
    problems: [
      env.DEMO_SIGN_IN === true &&
        'DEMO_SIGN_IN=true: the demo users sign in with a published password. Unset DEMO_SIGN_IN and sign in with your identity provider (JWKS_URL).',
      Boolean(env.JWKS_URL) &&
        !env.JWT_ISSUER &&
        'JWT_ISSUER is not set: with JWKS_URL, set the issuer (iss) your identity provider signs, so tokens of any other issuer are refused.',
      Boolean(env.JWKS_URL) &&
        !env.JWT_AUDIENCE &&
        'JWT_AUDIENCE is not set: with JWKS_URL, set the audience (aud) your identity provider issues for this gateway, so tokens meant for other applications are refused.',
    ],
  };
}
