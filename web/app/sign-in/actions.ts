'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { safeNextPath } from '@/lib/safe-next';
import { gatewayOrigin, SESSION_COOKIE } from '@/lib/session';

export interface SignInState {
  error?: string;
  /** Kept for the next attempt: React resets a form after its action runs. */
  username?: string;
}

/** Signs in against the gateway's identity provider and keeps its token in the session cookie. */
export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const username = String(form.get('username') ?? '').trim();
  const password = String(form.get('password') ?? '');
  if (!username) return { error: 'Enter a user name.' };
  let response: Response;
  try {
    response = await fetch(`${gatewayOrigin()}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
      cache: 'no-store',
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    return {
      error: `The gateway is unreachable (${(error as Error).message}). Is the mesh running?`,
      username,
    };
  }
  const body = (await response.json().catch(() => ({}))) as {
    token?: string;
    expiresAt?: string;
    error?: { message: string };
  };
  if (response.status !== 200 || !body.token) {
    return { error: body.error?.message ?? `Sign-in failed (HTTP ${response.status}).`, username };
  }
  // Secure whenever the page was served over HTTPS (directly or behind a TLS-terminating proxy).
  const request = await headers();
  const https =
    request.get('x-forwarded-proto') === 'https' || (request.get('origin') ?? '').startsWith('https:');
  (await cookies()).set(SESSION_COOKIE, body.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: https,
    path: '/',
    expires: body.expiresAt ? new Date(body.expiresAt) : undefined,
  });
  // Every page (and the header in the layout) renders differently once signed in.
  revalidatePath('/', 'layout');
  const proto = request.get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  const host = request.get('x-forwarded-host') ?? request.get('host') ?? 'localhost';
  redirect(safeNextPath(form.get('next'), `${proto}://${host}`));
}

export async function signOut(): Promise<void> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  // The gateway refuses the token from now on (a copy of the cookie is useless); sign-out goes on if it fails.
  if (token)
    await fetch(`${gatewayOrigin()}/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
      signal: AbortSignal.timeout(5_000),
    }).catch(() => undefined);
  (await cookies()).delete(SESSION_COOKIE);
  revalidatePath('/', 'layout');
  redirect('/');
}
