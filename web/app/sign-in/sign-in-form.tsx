'use client';

import { useActionState } from 'react';
import { signIn, type SignInState } from './actions';

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signIn, {});
  return (
    <form action={action} className="panel sign-in-form">
      <input type="hidden" name="next" value={next} />
      <div className="field">
        <label htmlFor="username">User name</label>
        <input
          key={state.username ?? ''}
          id="username"
          name="username"
          autoComplete="username"
          defaultValue={state.username}
          required
        />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? 'sign-in-error' : undefined}
        />
      </div>
      {state.error ? (
        <p id="sign-in-error" role="alert" className="field__error">
          {state.error}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
