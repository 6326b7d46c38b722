'use client';

import { useActionState } from 'react';
import type { ForkState } from '@/components/history/action-state';
import styles from '@/components/history/workspace.module.css';
import { BusySubmitButton } from '@/components/busy-submit-button';

type ForkAction = (state: ForkState, form: FormData) => Promise<ForkState>;

/** Copies an artifact into a private one owned by the signed-in user, then opens the copy. */
export function ForkForm({ action, originalName }: { action: ForkAction; originalName: string }) {
  const [state, formAction, pending] = useActionState<ForkState, FormData>(action, { status: 'idle' });
  const error = state.fieldErrors?.name;
  return (
    <form action={formAction} className={styles.form} noValidate aria-label="Fork artifact">
      <div className="field">
        <label htmlFor="fork-name">Name of the copy</label>
        <input
          id="fork-name"
          name="name"
          maxLength={200}
          placeholder={`${originalName} (fork)`}
          defaultValue={state.values?.name ?? ''}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'fork-name-hint fork-name-error' : 'fork-name-hint'}
        />
        <p id="fork-name-hint" className="field__hint">
          Optional. The copy is private, at version 1, and remembers what it was forked from.
        </p>
        {error ? (
          <p id="fork-name-error" className="field__error">
            {error}
          </p>
        ) : null}
      </div>
      <div>
        <BusySubmitButton busy={pending} className="button">
          {pending ? 'Forking…' : 'Fork'}
        </BusySubmitButton>
      </div>
      <p role="status" aria-live="polite" className="field__error">
        {state.status === 'error' && !error ? state.message : ''}
      </p>
    </form>
  );
}
