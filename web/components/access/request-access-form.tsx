'use client';

import { useActionState } from 'react';
import { BusySubmitButton } from '@/components/busy-submit-button';
import styles from '@/components/history/workspace.module.css';
import type { AccessFormState } from './access-state';

type Action = (state: AccessFormState, form: FormData) => Promise<AccessFormState>;

/** Scope (filled in from the denial that led here) and purpose; the owners see both. */
export function RequestAccessForm({ action, scope }: { action: Action; scope: string }) {
  const [state, formAction, pending] = useActionState<AccessFormState, FormData>(action, { status: 'idle' });
  return (
    <form action={formAction} className={styles.form} aria-label="Request access" data-testid="request-form">
      <div className="field">
        <label htmlFor="access-scope">Scope</label>
        <input
          id="access-scope"
          name="scope"
          required
          maxLength={200}
          defaultValue={scope}
          placeholder="genomics:read"
          aria-describedby="access-scope-hint"
        />
        <p id="access-scope-hint" className="field__hint">
          A product&apos;s scope, <code>&lt;product&gt;:&lt;name&gt;</code>: the product&apos;s owners decide.
        </p>
      </div>
      <div className="field">
        <label htmlFor="access-purpose">Purpose</label>
        <textarea id="access-purpose" name="purpose" required minLength={10} maxLength={1000} rows={3} />
      </div>
      <BusySubmitButton busy={pending} className="button">
        {pending ? 'Requesting…' : 'Request access'}
      </BusySubmitButton>
      <p role="status" aria-live="polite" className={state.status === 'error' ? 'field__error' : undefined}>
        {state.status === 'error' ? (
          <>
            {state.code ? <code className="error-code">{state.code}</code> : null} {state.message}
          </>
        ) : state.status === 'done' ? (
          state.message
        ) : (
          ''
        )}
      </p>
    </form>
  );
}
