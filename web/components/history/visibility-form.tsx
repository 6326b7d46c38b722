'use client';

import { useActionState } from 'react';
import type { Visibility } from '@/lib/workspace';
import type { VisibilityState } from './action-state';
import styles from './workspace.module.css';
import { BusySubmitButton } from '@/components/busy-submit-button';

type VisibilityAction = (state: VisibilityState, form: FormData) => Promise<VisibilityState>;

const OPTIONS: { value: Visibility; label: string }[] = [
  { value: 'PRIVATE', label: 'Private: only you' },
  { value: 'TEAM', label: 'Team: people sharing one of your roles' },
  { value: 'PUBLIC', label: 'Public: everyone who may read the workspace' },
];

/** The owner's control over who sees a run. */
export function VisibilityForm({ action, current }: { action: VisibilityAction; current: Visibility }) {
  const [state, formAction, pending] = useActionState<VisibilityState, FormData>(action, { status: 'idle' });
  const error = state.status === 'error' ? (state.fieldErrors?.visibility ?? state.message) : undefined;
  return (
    <form action={formAction} className={styles.form}>
      <div className={styles.inline}>
        <div className={`field ${styles.grow}`}>
          <label htmlFor="run-visibility">Who can see this run</label>
          <select
            id="run-visibility"
            name="visibility"
            defaultValue={state.visibility ?? current}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'run-visibility-error' : undefined}
          >
            {OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <BusySubmitButton busy={pending} className="button">
          {pending ? 'Saving…' : 'Update visibility'}
        </BusySubmitButton>
      </div>
      {error ? (
        <p id="run-visibility-error" className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <p role="status" aria-live="polite" className="muted" data-testid="visibility-status">
        {state.status === 'saved' ? state.message : ''}
      </p>
    </form>
  );
}
