'use server';

import { revalidatePath } from 'next/cache';
import {
  fieldErrorsOf,
  type ArtifactField,
  type RerunState,
  type SaveUdatState,
  type VisibilityState,
} from '@/components/history/action-state';
import { parseTags, validateArtifactFields } from '@/components/history/filters';
import {
  currentSupergraphId,
  describeOutcomeError,
  errorCode,
  gatewayRequest,
} from '@/components/history/gateway';
import { loadHistoryEntry, rerunEntry, type EntryLookup } from '@/components/history/rerun-entry';
import { cohortOfRun } from '@/components/history/run-input';
import {
  SAVE_UDAT,
  SET_HISTORY_VISIBILITY,
  VISIBILITIES,
  type UdatKind,
  type Visibility,
} from '@/lib/workspace';

async function loadEntry(id: string): Promise<EntryLookup> {
  return loadHistoryEntry(id, gatewayRequest);
}

/**
 * Sends the run's operation and variables to the gateway again, as the signed-in user, records the answer
 * as a new run whose parent is this one, and compares the two.
 */
export async function rerun(id: string, _previous: RerunState, _form: FormData): Promise<RerunState> {
  const state = await rerunEntry(id, { request: gatewayRequest, supergraphId: currentSupergraphId });
  if (state.status === 'done') revalidatePath('/history');
  return state;
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
    // No payload: the workspace copies the run's result and its lineage itself, so the saved result
    // keeps needing what the products that computed it need.
    payload = undefined;
  }

  const saved = await gatewayRequest(SAVE_UDAT, {
    input: {
      kind,
      name: values.name,
      description: values.description || null,
      tags,
      visibility,
      ...(payload === undefined ? {} : { payload }),
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
