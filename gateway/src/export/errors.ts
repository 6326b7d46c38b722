/** Stable codes of export errors sent before the first byte (as `{ errors: [{ message, extensions: { code } }] }`). */
export const ExportErrorCode = {
  BadRequest: 'BAD_REQUEST',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  PathNotFound: 'EXPORT_PATH_NOT_FOUND',
  PathNotAList: 'EXPORT_PATH_NOT_A_LIST',
  ExplodeInvalid: 'EXPORT_EXPLODE_INVALID',
  PagingNeedsPageInfo: 'EXPORT_PAGING_NEEDS_PAGE_INFO',
  FormatUnavailable: 'EXPORT_FORMAT_UNAVAILABLE',
  QueryFailed: 'EXPORT_QUERY_FAILED',
} as const;
export type ExportErrorCode = (typeof ExportErrorCode)[keyof typeof ExportErrorCode];

export class ExportError extends Error {
  constructor(
    readonly code: ExportErrorCode | string,
    message: string,
    readonly status = 400,
    readonly graphqlErrors?: unknown[],
  ) {
    super(message);
    this.name = 'ExportError';
  }
}
