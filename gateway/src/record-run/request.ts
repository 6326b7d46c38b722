import { z } from 'zod';

/**
 * What a client asks the gateway to record with its operation (request `extensions.recordRun`): how to
 * title and file the run. Everything the lineage holds — products, versions, required scopes, result and
 * its hash — the gateway takes from the execution itself, never from here.
 */
export const recordRunRequest = z.strictObject({
  title: z.string().trim().min(1).max(200),
  /** product.app for an app run; the run is a QUERY without it. */
  app: z.string().max(200).nullish(),
  kind: z.enum(['APP_RUN', 'QUERY']).nullish(),
  tags: z.array(z.string().max(64)).max(32).nullish(),
  parentId: z.string().max(64).nullish(),
  visibility: z.enum(['PRIVATE', 'TEAM', 'PUBLIC']).nullish(),
  /** Response keys from `data` to the result to store (an app run's AnalysisResult); the whole data when absent. */
  resultPath: z.array(z.string().max(200)).max(32).nullish(),
});
export type RecordRunRequest = z.infer<typeof recordRunRequest>;

/** Stable codes of `extensions.recordError`: the answer itself is returned either way. */
export const RecordErrorCode = {
  /** extensions.recordRun is malformed. */
  BadRequest: 'RECORD_RUN_INVALID',
  /** Nothing to record: no data, or nothing at resultPath. */
  NoResult: 'RECORD_RUN_NO_RESULT',
  /** The operation reads stored workspace content (a result, a payload): its lineage is not the policy's. */
  StoredContent: 'RECORD_RUN_STORED_CONTENT',
  /** Only queries are recorded: a mutation would repeat a change when re-run. */
  NotAQuery: 'RECORD_RUN_NOT_A_QUERY',
  /** This gateway serves no workspace product. */
  NoWorkspace: 'RECORD_RUN_NO_WORKSPACE',
  /** The workspace refused (its code is kept, e.g. UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT). */
  Refused: 'RECORD_RUN_REFUSED',
  /** The workspace could not be reached or failed. */
  Unavailable: 'RECORD_RUN_UNAVAILABLE',
} as const;

export interface RecordError {
  code: string;
  message: string;
  /** The workspace's own code when it refused. */
  reason?: string;
}

/** The extension a client sent, or why it cannot be used; undefined when none was sent. */
export function readRecordRunRequest(
  extensions: Record<string, unknown> | undefined,
): { request: RecordRunRequest } | { error: RecordError } | undefined {
  const raw = extensions?.recordRun;
  if (raw === undefined || raw === null) return undefined;
  const parsed = recordRunRequest.safeParse(raw);
  if (parsed.success) return { request: parsed.data };
  const problems = parsed.error.issues.map(
    (issue) => `${['recordRun', ...issue.path].join('.')}: ${issue.message}`,
  );
  return {
    error: {
      code: RecordErrorCode.BadRequest,
      message: `extensions.recordRun is not usable (${problems.join('; ')}). Send { title, app?, kind?, tags?, parentId?, visibility?, resultPath? }.`,
    },
  };
}

/** The value at `path` (response keys) in `data`; null when any step is missing. */
export function valueAt(data: unknown, path: readonly string[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value ?? null;
}

/** The workspace stores results up to 5 MB: keep a margin for the rest of the input. */
const MAX_STORED_RESULT_BYTES = 4_500_000;

/** The result as the workspace can store it: whole, an analysis without its chart, or null (hash only). */
export function storableResult(result: unknown): unknown {
  const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
  if (size(result) <= MAX_STORED_RESULT_BYTES) return result;
  if (result && typeof result === 'object' && 'chart' in result) {
    const withoutChart = { ...(result as Record<string, unknown>), chart: null };
    if (size(withoutChart) <= MAX_STORED_RESULT_BYTES) return withoutChart;
  }
  return null;
}
