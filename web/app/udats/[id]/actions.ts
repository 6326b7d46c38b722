'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import {
  fieldErrorsOf,
  type ArtifactField,
  type DeleteState,
  type ForkState,
  type UpdateUdatState,
} from '@/components/history/action-state';
import { MAX_NAME_LENGTH, parseTags, validateArtifactFields } from '@/components/history/filters';
import { describeOutcomeError, errorCode, gatewayRequest } from '@/components/history/gateway';
import { DELETE_UDAT, FORK_UDAT, UPDATE_UDAT, VISIBILITIES, type Visibility } from '@/lib/workspace';

const ARTIFACT_FIELDS: readonly ArtifactField[] = ['name', 'description', 'tags', 'visibility'];

function ownerOnly(code: string | undefined, action: string): string | undefined {
  return code === 'FORBIDDEN'
    ? `Only the owner may ${action} this artifact: fork it to get a copy of your own.`
    : undefined;
}

/** The owner's edit: name, description, tags and visibility; the workspace bumps the version. */
export async function updateArtifact(
  id: string,
  _previous: UpdateUdatState,
  form: FormData,
): Promise<UpdateUdatState> {
  const values = {
    name: String(form.get('name') ?? '').trim(),
    description: String(form.get('description') ?? '').trim(),
    tags: String(form.get('tags') ?? ''),
    visibility: String(form.get('visibility') ?? ''),
  };
  const tags = parseTags(values.tags);
  const fieldErrors: UpdateUdatState['fieldErrors'] = validateArtifactFields({ ...values, tags });
  const visibility = values.visibility as Visibility;
  if (!VISIBILITIES.includes(visibility)) fieldErrors.visibility = 'Choose private, team or public.';
  if (Object.keys(fieldErrors).length > 0) {
    return { status: 'error', message: 'Correct the marked fields.', fieldErrors, values };
  }
  const outcome = await gatewayRequest(UPDATE_UDAT, {
    id,
    input: { name: values.name, description: values.description || null, tags, visibility },
  });
  if (outcome.status !== 'ok') {
    const problems =
      outcome.status === 'failed' ? outcome.errors.flatMap((error) => error.problems ?? []) : [];
    const mapped = fieldErrorsOf(problems, ARTIFACT_FIELDS);
    return {
      status: 'error',
      message: ownerOnly(errorCode(outcome), 'change') ?? describeOutcomeError(outcome),
      fieldErrors: mapped.fieldErrors,
      values,
    };
  }
  revalidatePath(`/udats/${id}`);
  revalidatePath('/udats');
  return { status: 'saved', message: `Saved as version ${outcome.data.updateUdat.version}.` };
}

/** A private copy owned by the signed-in user; opens it. */
export async function forkArtifact(id: string, _previous: ForkState, form: FormData): Promise<ForkState> {
  const name = String(form.get('name') ?? '').trim();
  if (name.length > MAX_NAME_LENGTH) {
    return {
      status: 'error',
      fieldErrors: { name: `Use at most ${MAX_NAME_LENGTH} characters.` },
      values: { name },
    };
  }
  const outcome = await gatewayRequest(FORK_UDAT, { id, name: name || null });
  if (outcome.status !== 'ok') {
    const problems =
      outcome.status === 'failed' ? outcome.errors.flatMap((error) => error.problems ?? []) : [];
    return {
      status: 'error',
      message: describeOutcomeError(outcome),
      fieldErrors: fieldErrorsOf(problems, ['name'] as const).fieldErrors,
      values: { name },
    };
  }
  revalidatePath('/udats');
  redirect(`/udats/${encodeURIComponent(outcome.data.forkUdat.id)}?forked=1`);
}

/** Deletes one of the signed-in user's artifacts after an explicit confirmation. */
export async function deleteArtifact(
  id: string,
  _previous: DeleteState,
  form: FormData,
): Promise<DeleteState> {
  if (form.get('confirm') !== 'delete') {
    return {
      status: 'error',
      message: 'Confirm the deletion first.',
      fieldErrors: { confirm: 'Confirm the deletion first.' },
    };
  }
  const outcome = await gatewayRequest(DELETE_UDAT, { id });
  if (outcome.status !== 'ok' || !outcome.data.deleteUdat) {
    return {
      status: 'error',
      message:
        ownerOnly(errorCode(outcome), 'delete') ?? (describeOutcomeError(outcome) || 'Nothing was deleted.'),
    };
  }
  revalidatePath('/udats');
  redirect('/udats?deleted=1');
}
