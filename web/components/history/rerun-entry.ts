import {
  HISTORY_ENTRY_QUERY,
  productsOfAnswer,
  RECORD_RUN,
  type HistoryEntryDetail,
} from '../../lib/workspace';
import type { RerunState } from './action-state';
import { isAnalysisResult, singleAnalysisResult } from './analysis-result';
import { compareRuns } from './compare';
import { describeOutcomeError, type GatewaySend } from './gateway-fetch';
import { resultHashOfAnswer } from './result-hash';
import { operationTypeOf } from './run-input';

/**
 * Re-running a recorded run, with the gateway passed in (no request context): the history page's server
 * action binds it to the signed-in user's session; tests bind it to a token of their own.
 */

export interface RerunGateway {
  /** Sends an operation as the user who re-runs. */
  request: GatewaySend;
  /** The registry supergraph id the gateway serves now; null when unknown. */
  supergraphId(): Promise<string | null>;
}

/** An analysis may take a while; the gateway has its own per-product timeouts below this. */
const RERUN_TIMEOUT_MS = 120_000;
/** The workspace stores results up to 5 MB; keep a margin for the rest of the input. */
const MAX_STORED_RESULT_BYTES = 4_500_000;

const byteLength = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** The result as the workspace can store it: whole, an analysis without its chart, or null (hash only). */
function storableResult(result: unknown, isAnalysis: boolean): unknown {
  if (byteLength(result) <= MAX_STORED_RESULT_BYTES) return result;
  if (isAnalysis) {
    const withoutChart = { ...(result as Record<string, unknown>), chart: null };
    if (byteLength(withoutChart) <= MAX_STORED_RESULT_BYTES) return withoutChart;
  }
  return null;
}

export type EntryLookup = { entry: HistoryEntryDetail } | { message: string };

/** One history entry as the user may see it, or the sentence a form shows when it cannot be had. */
export async function loadHistoryEntry(id: string, request: GatewaySend): Promise<EntryLookup> {
  const outcome = await request(HISTORY_ENTRY_QUERY, { id });
  if (outcome.status !== 'ok') return { message: describeOutcomeError(outcome) };
  if (!outcome.data.historyEntry)
    return { message: 'This run no longer exists, or it is no longer shared with you.' };
  return { entry: outcome.data.historyEntry };
}

/**
 * Sends the run's operation and variables to the gateway again, records the answer as a new run whose
 * parent is this one, and compares the two (`compareRuns`: identical, or which product or data version
 * changed).
 */
export async function rerunEntry(id: string, gateway: RerunGateway): Promise<RerunState> {
  const lookup = await loadHistoryEntry(id, gateway.request);
  if ('message' in lookup) return { status: 'error', message: lookup.message };
  const { entry } = lookup;
  // Re-running repeats a read. A recorded mutation would change data again, so it is not re-sent.
  const type = operationTypeOf(entry.operation, entry.operationName);
  if (type !== 'query') {
    return {
      status: 'error',
      message: `Only queries can be re-run; this run recorded ${type ? `a ${type}` : 'an operation that does not parse'}.`,
    };
  }

  const [answer, supergraphId] = await Promise.all([
    gateway.request<Record<string, unknown>, Record<string, unknown>>(entry.operation, entry.variables, {
      operationName: entry.operationName,
      timeoutMs: RERUN_TIMEOUT_MS,
    }),
    gateway.supergraphId(),
  ]);
  if (answer.status !== 'ok') {
    return { status: 'error', message: `The re-run failed: ${describeOutcomeError(answer)}` };
  }

  const products = productsOfAnswer(answer.extensions);
  const resultHash = resultHashOfAnswer(answer.data);
  // Store what the app runner stores: the AnalysisResult alone (without its chart if that is too big);
  // the whole data for a query that recorded it.
  const analysis =
    entry.result === null || isAnalysisResult(entry.result) ? singleAnalysisResult(answer.data) : null;
  const result = storableResult(analysis ?? answer.data, analysis !== null);

  const recorded = await gateway.request(RECORD_RUN, {
    input: {
      kind: entry.kind,
      app: entry.app,
      title: entry.title,
      operation: entry.operation,
      operationName: entry.operationName,
      variables: entry.variables,
      supergraphId,
      products,
      resultHash,
      result,
      parentId: entry.id,
      tags: entry.tags,
    },
  });
  if (recorded.status !== 'ok') {
    return {
      status: 'error',
      message: `The re-run worked but could not be recorded: ${describeOutcomeError(recorded)}`,
    };
  }
  return {
    status: 'done',
    comparison: compareRuns(entry, { resultHash, products }),
    newId: recorded.data.recordRun.id,
    createdAt: recorded.data.recordRun.createdAt,
  };
}
