'use server';

import { revalidatePath } from 'next/cache';
import { decideAccessRequest, requestAccess } from '@/components/access/access-api';
import { productOfScope, type AccessFormState } from '@/components/access/access-state';

/** Asks the owners of a product for one of its scopes, with a purpose. */
export async function askForAccess(_previous: AccessFormState, form: FormData): Promise<AccessFormState> {
  const scope = String(form.get('scope') ?? '').trim();
  const purpose = String(form.get('purpose') ?? '').trim();
  if (!scope.includes(':')) return { status: 'error', message: 'Name a scope, e.g. genomics:read.' };
  if (purpose.length < 10)
    return { status: 'error', message: 'Say what you need it for (10 characters at least).' };
  const outcome = await requestAccess({ product: productOfScope(scope), scope, purpose });
  if (outcome.status !== 'ok') return { status: 'error', code: outcome.code, message: outcome.message };
  revalidatePath('/access');
  return { status: 'done', message: `Requested ${scope}: the owners of ${productOfScope(scope)} decide.` };
}

/** An owner approves a request for the chosen number of minutes. */
export async function approveRequest(
  id: string,
  _previous: AccessFormState,
  form: FormData,
): Promise<AccessFormState> {
  const expiresInMinutes = Number(form.get('expiresInMinutes'));
  if (!Number.isInteger(expiresInMinutes) || expiresInMinutes < 1)
    return { status: 'error', message: 'Pick how long the access lasts.' };
  const outcome = await decideAccessRequest({ id, decision: 'APPROVE', expiresInMinutes });
  if (outcome.status !== 'ok') return { status: 'error', code: outcome.code, message: outcome.message };
  revalidatePath('/access');
  return { status: 'done', message: 'Approved.' };
}

/** An owner denies a request, saying why (the requester sees the reason). */
export async function denyRequest(
  id: string,
  _previous: AccessFormState,
  form: FormData,
): Promise<AccessFormState> {
  const reason = String(form.get('reason') ?? '').trim();
  if (!reason) return { status: 'error', message: 'Say why: the requester sees the reason.' };
  const outcome = await decideAccessRequest({ id, decision: 'DENY', reason });
  if (outcome.status !== 'ok') return { status: 'error', code: outcome.code, message: outcome.message };
  revalidatePath('/access');
  return { status: 'done', message: 'Denied.' };
}
