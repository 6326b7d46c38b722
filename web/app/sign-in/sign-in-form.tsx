'use client';

import { useActionState, useEffect, useRef } from 'react';
import { signIn, type SignInState } from './actions';
import { BusySubmitButton } from '@/components/busy-submit-button';

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signIn, {});
  const username = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);

  // After a refused attempt, back to the field to fix: the button, disabled meanwhile, dropped the focus.
  useEffect(() => {
    if (state.error) (state.username ? password : username).current?.focus();
  }, [state]);

  return (
    <form action={action} className="panel sign-in-form">
      <input type="hidden" name="next" value={next} />
      <div className="field">
        <label htmlFor="username">User name</label>
        <input
          key={state.username ?? ''}
          ref={username}
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
          ref={password}
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
      <BusySubmitButton busy={pending} className="button button--primary">
        {pending ? 'Signing in…' : 'Sign in'}
      </BusySubmitButton>
    </form>
  );
}
