import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import {
  HISTORY_ENTRY_QUERY,
  productsOfAnswer,
  recordedOf,
  type HistoryEntryDetail,
} from '../../lib/workspace';
import type { RerunState } from './action-state';
import { isAnalysisResult } from './analysis-result';
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

/**
 * Where an app run's AnalysisResult sits in its answer: the app runner aliases the app's field `result`
 * under the operation's one root field. Undefined (the whole data is recorded) for anything else.
 */
export function analysisPathOf(operation: string, operationName: string | null): string[] | undefined {
  let definition: OperationDefinitionNode | undefined;
  try {
    definition = parse(operation).definitions.find(
      (node): node is OperationDefinitionNode =>
        node.kind === Kind.OPERATION_DEFINITION && (!operationName || node.name?.value === operationName),
    );
  } catch {
    return undefined;
  }
  const roots = definition?.selectionSet.selections ?? [];
  const root = roots.length === 1 && roots[0]!.kind === Kind.FIELD ? roots[0] : undefined;
  if (!root) return undefined;
  const result = root.selectionSet?.selections.find(
    (node) => node.kind === Kind.FIELD && (node.alias?.value ?? node.name.value) === 'result',
  );
  return result ? [root.alias?.value ?? root.name.value, 'result'] : undefined;
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

  // The gateway records the re-run itself (extensions.recordRun), with the lineage that answered now.
  const resultPath =
    entry.result === null || isAnalysisResult(entry.result)
      ? analysisPathOf(entry.operation, entry.operationName)
      : undefined;
  const answer = await gateway.request<Record<string, unknown>, Record<string, unknown>>(
    entry.operation,
    entry.variables,
    {
      operationName: entry.operationName,
      timeoutMs: RERUN_TIMEOUT_MS,
      extensions: {
        recordRun: {
          kind: entry.kind,
          app: entry.app,
          title: entry.title,
          parentId: entry.id,
          tags: entry.tags,
          ...(resultPath ? { resultPath } : {}),
        },
      },
    },
  );
  if (answer.status !== 'ok') {
    return { status: 'error', message: `The re-run failed: ${describeOutcomeError(answer)}` };
  }

  const products = productsOfAnswer(answer.extensions);
  const resultHash = resultHashOfAnswer(answer.data);
  const recorded = recordedOf(answer.extensions);
  if ('error' in recorded) {
    return {
      status: 'error',
      message: `The re-run worked but could not be recorded: ${recorded.error.message}`,
    };
  }
  return {
    status: 'done',
    // A user-supplied run (a notebook's recordRun) has no verified products: compare with what it claimed.
    comparison: compareRuns(
      entry.lineage.userSupplied && entry.products.length === 0
        ? { ...entry, products: entry.lineage.claimedProducts }
        : entry,
      { resultHash, products },
    ),
    newId: recorded.id,
    createdAt: recorded.createdAt,
  };
}
