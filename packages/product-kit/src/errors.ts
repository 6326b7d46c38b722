import { GraphQLError } from 'graphql';

/**
 * Stable error codes. Clients branch on `extensions.code` (and `extensions.reason` for detail),
 * never on message text, so these strings are part of the public API.
 */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  Forbidden: 'FORBIDDEN',
  Unauthenticated: 'UNAUTHENTICATED',
  BadRequest: 'BAD_REQUEST',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** A count or cell below the product's minimum cell size, withheld from an aggregate-only caller. */
  Suppressed: 'SUPPRESSED',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Machine-readable detail under BAD_USER_INPUT, so a client can tell bad cursors from unknown genes. */
export const InputErrorReason = {
  MalformedCursor: 'MALFORMED_CURSOR',
  PageSizeOutOfRange: 'PAGE_SIZE_OUT_OF_RANGE',
  InvalidFilter: 'INVALID_FILTER',
  UnknownGene: 'UNKNOWN_GENE',
  UnknownCode: 'UNKNOWN_CODE',
  TooManyValues: 'TOO_MANY_VALUES',
  UnknownVariable: 'UNKNOWN_VARIABLE',
  InvalidParameter: 'INVALID_PARAMETER',
  CohortTooSmall: 'COHORT_TOO_SMALL',
} as const;
export type InputErrorReason = (typeof InputErrorReason)[keyof typeof InputErrorReason];

export interface BadInputDetails {
  reason: InputErrorReason;
  /** The argument or input field at fault, as a path: `filter.ageMin`, `genes`. */
  argument: string;
  [key: string]: unknown;
}

export function badUserInput(message: string, details: BadInputDetails): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BadUserInput, ...details } });
}

export function notFound(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NotFound, ...extra } });
}

/** Codes whose messages are written for clients; anything else is masked before it leaves a service. */
const CLIENT_FACING = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.Internal),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'DOWNSTREAM_SERVICE_ERROR',
]);

export function isClientFacingCode(code: unknown): boolean {
  return typeof code === 'string' && CLIENT_FACING.has(code);
}
