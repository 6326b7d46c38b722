import { GraphQLError } from 'graphql';

/**
 * Stable error codes of the registry. Clients (the CLI, CI scripts, the gateway) branch on these, never on
 * message text, so they are part of the public API. Each carries the HTTP status it answers with.
 */
export const RegistryErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  InvalidSdl: 'INVALID_SDL',
  InvalidSubgraph: 'INVALID_SUBGRAPH',
  UnknownProduct: 'UNKNOWN_PRODUCT',
  NotFound: 'NOT_FOUND',
  VersionConflict: 'VERSION_CONFLICT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
} as const;
export type RegistryErrorCode = (typeof RegistryErrorCode)[keyof typeof RegistryErrorCode];

const HTTP_STATUS: Record<RegistryErrorCode, number> = {
  BAD_USER_INPUT: 400,
  INVALID_SDL: 400,
  INVALID_SUBGRAPH: 400,
  UNKNOWN_PRODUCT: 404,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
};

/** Codes of outcomes that are not errors of the request: a check or publish that ran and said no. */
export const OutcomeCode = {
  CompositionFailed: 'COMPOSITION_FAILED',
  BreakingChange: 'BREAKING_CHANGE',
} as const;
export type OutcomeCode = (typeof OutcomeCode)[keyof typeof OutcomeCode];

/** A request the registry refuses before touching storage: nothing is stored, the client gets a 4xx. */
export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RegistryError';
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  /** As a GraphQL error; Apollo Server turns `extensions.http.status` into the response status. */
  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, {
      extensions: { code: this.code, ...this.details, http: { status: this.status } },
    });
  }

  toJson() {
    return { errors: [{ message: this.message, extensions: { code: this.code, ...this.details } }] };
  }
}

export const badInput = (message: string, details: Record<string, unknown> = {}) =>
  new RegistryError(RegistryErrorCode.BadUserInput, message, details);

export const unknownProduct = (name: string) =>
  new RegistryError(
    RegistryErrorCode.UnknownProduct,
    `No product "${name}" in the registry. List products with \`mesh catalog\`; a product is registered by its first publish with an admin token.`,
    { product: name },
  );
