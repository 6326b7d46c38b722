'use server';

import { revalidatePath } from 'next/cache';
import { createApiToken, revokeApiToken } from '@/components/tokens/api-tokens';
import {
  validateTokenForm,
  type CreateTokenState,
  type RevokeTokenState,
} from '@/components/tokens/token-state';
import { currentUser } from '@/lib/session';

/** Creates an API token with the chosen scopes (a subset of the user's) and returns its secret once. */
export async function createToken(_previous: CreateTokenState, form: FormData): Promise<CreateTokenState> {
  const user = await currentUser();
  if (!user) return { status: 'error', message: 'Your session has expired: sign in again, then retry.' };
  const label = String(form.get('label') ?? '').trim();
  const expiresInDays = String(form.get('expiresInDays') ?? '').trim();
  const scopes = form.getAll('scopes').map(String);
  const values = { label, expiresInDays, scopes };
  const checked = validateTokenForm({ ...values, allowedScopes: user.scopes });
  if (Object.keys(checked.errors).length > 0) {
    return { status: 'error', message: 'Correct the marked fields.', fieldErrors: checked.errors, values };
  }
  const outcome = await createApiToken({ label, scopes, expiresInDays: checked.expiresInDays });
  if (outcome.status !== 'ok') return { status: 'error', message: outcome.message, values };
  revalidatePath('/tokens');
  return {
    status: 'created',
    token: outcome.value.token,
    label: outcome.value.label,
    expiresAt: outcome.value.expiresAt,
  };
}

/** Revokes one of the user's tokens; notebooks using it get 401 from then on. */
export async function revokeToken(
  id: string,
  _previous: RevokeTokenState,
  _form: FormData,
): Promise<RevokeTokenState> {
  const outcome = await revokeApiToken(id);
  if (outcome.status !== 'ok') return { status: 'error', message: outcome.message };
  revalidatePath('/tokens');
  return { status: 'revoked', message: 'Revoked.' };
}
