'use server';

import { revalidatePath } from 'next/cache';
import {
  fieldErrorsOf,
  type ArtifactField,
  type RerunState,
  type SaveUdatState,
  type VisibilityState,
} from '@/components/history/action-state';
import { isAnalysisResult, singleAnalysisResult } from '@/components/history/analysis-result';
import { compareRuns } from '@/components/history/compare';
import { parseTags, validateArtifactFields } from '@/components/history/filters';
import {
  currentSupergraphId,
  describeOutcomeError,
  errorCode,
  gatewayRequest,
} from '@/components/history/gateway';
import { resultHashOfAnswer } from '@/components/history/result-hash';
import { cohortOfRun, operationTypeOf } from '@/components/history/run-input';
import {
  HISTORY_ENTRY_QUERY,
  productsOfAnswer,
  RECORD_RUN,
  SAVE_UDAT,
  SET_HISTORY_VISIBILITY,
  VISIBILITIES,
  type HistoryEntryDetail,
  type UdatKind,
  type Visibility,
} from '@/lib/workspace';

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

type EntryLookup = { entry: HistoryEntryDetail } | { message: string };

async function loadEntry(id: string): Promise<EntryLookup> {
  const outcome = await gatewayRequest(HISTORY_ENTRY_QUERY, { id });
  if (outcome.status !== 'ok') return { message: describeOutcomeError(outcome) };
  if (!outcome.data.historyEntry)
    return { message: 'This run no longer exists, or it is no longer shared with you.' };
  return { entry: outcome.data.historyEntry };
}

/**
 * Sends the run's operation and variables to the gateway again, as the signed-in user, records the answer
 * as a new run whose parent is this one, and compares the two.
 */
export async function rerun(id: string, _previous: RerunState, _form: FormData): Promise<RerunState> {
  const lookup = await loadEntry(id);
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
    gatewayRequest<Record<string, unknown>, Record<string, unknown>>(entry.operation, entry.variables, {
      operationName: entry.operationName,
      timeoutMs: RERUN_TIMEOUT_MS,
    }),
    currentSupergraphId(),
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

  const recorded = await gatewayRequest(RECORD_RUN, {
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
  revalidatePath('/history');
  return {
    status: 'done',
    comparison: compareRuns(entry, { resultHash, products }),
    newId: recorded.data.recordRun.id,
    createdAt: recorded.data.recordRun.createdAt,
  };
}

const ARTIFACT_FIELDS: readonly ArtifactField[] = ['name', 'description', 'tags', 'kind', 'visibility'];

/** Saves this run's result (or, for a cohort app, its cohort) as a UDAT owned by the signed-in user. */
export async function saveAsUdat(
  id: string,
  _previous: SaveUdatState,
  form: FormData,
): Promise<SaveUdatState> {
  const values = {
    name: String(form.get('name') ?? '').trim(),
    description: String(form.get('description') ?? '').trim(),
    tags: String(form.get('tags') ?? ''),
    kind: String(form.get('kind') ?? 'RESULT'),
    visibility: String(form.get('visibility') ?? 'PRIVATE'),
  };
  const tags = parseTags(values.tags);
  const fieldErrors: SaveUdatState['fieldErrors'] = validateArtifactFields({ ...values, tags });
  const kind = values.kind as UdatKind;
  if (kind !== 'RESULT' && kind !== 'COHORT') fieldErrors.kind = 'Choose result or cohort.';
  const visibility = values.visibility as Visibility;
  if (!VISIBILITIES.includes(visibility)) fieldErrors.visibility = 'Choose private, team or public.';
  if (Object.keys(fieldErrors).length > 0) {
    return { status: 'error', message: 'Correct the marked fields.', fieldErrors, values };
  }

  const lookup = await loadEntry(id);
  if ('message' in lookup) return { status: 'error', message: lookup.message, values };
  const { entry } = lookup;

  let payload: unknown;
  let cohortId: string | null = null;
  if (kind === 'COHORT') {
    const cohort = cohortOfRun(entry);
    if (!cohort) {
      return {
        status: 'error',
        message: 'This run has no cohort input to save.',
        fieldErrors: { kind: 'This run has no cohort: save its result instead.' },
        values,
      };
    }
    payload = cohort.criteria;
    cohortId = cohort.cohortId;
  } else {
    if (entry.result === null || entry.result === undefined) {
      return {
        status: 'error',
        message: 'This run recorded no result to save. Re-run it, then save the new run.',
        values,
      };
    }
    payload = singleAnalysisResult(entry.result) ?? entry.result;
  }

  const saved = await gatewayRequest(SAVE_UDAT, {
    input: {
      kind,
      name: values.name,
      description: values.description || null,
      tags,
      visibility,
      payload,
      cohortId,
      sourceId: entry.id,
    },
  });
  if (saved.status !== 'ok') {
    const problems = saved.status === 'failed' ? saved.errors.flatMap((error) => error.problems ?? []) : [];
    const mapped = fieldErrorsOf(problems, ARTIFACT_FIELDS);
    return {
      status: 'error',
      message:
        mapped.rest.length > 0 || problems.length === 0
          ? describeOutcomeError(saved)
          : 'Correct the marked fields.',
      fieldErrors: mapped.fieldErrors,
      values,
    };
  }
  revalidatePath('/udats');
  return {
    status: 'saved',
    id: saved.data.saveUdat.id,
    message: `Saved “${values.name}” (version ${saved.data.saveUdat.version}).`,
  };
}

/** Changes who may see this run; only its owner may (the workspace answers FORBIDDEN otherwise). */
export async function changeVisibility(
  id: string,
  _previous: VisibilityState,
  form: FormData,
): Promise<VisibilityState> {
  const visibility = String(form.get('visibility') ?? '') as Visibility;
  if (!VISIBILITIES.includes(visibility)) {
    return { status: 'error', fieldErrors: { visibility: 'Choose private, team or public.' } };
  }
  const outcome = await gatewayRequest(SET_HISTORY_VISIBILITY, { id, visibility });
  if (outcome.status !== 'ok') {
    const message =
      errorCode(outcome) === 'FORBIDDEN'
        ? 'Only the owner of this run may change who sees it.'
        : describeOutcomeError(outcome);
    return { status: 'error', message, fieldErrors: { visibility: message } };
  }
  revalidatePath(`/history/${id}`);
  revalidatePath('/history');
  const saved = outcome.data.setHistoryVisibility.visibility;
  return { status: 'saved', visibility: saved, message: `Visibility is now ${saved.toLowerCase()}.` };
}
