'use client';

import { useActionState, useRef, useState } from 'react';
import type { DeleteState } from '@/components/history/action-state';
import styles from '@/components/history/workspace.module.css';
import { BusySubmitButton } from '@/components/busy-submit-button';

type DeleteAction = (state: DeleteState, form: FormData) => Promise<DeleteState>;

/** Two steps: "Delete…" asks for confirmation; "Delete permanently" deletes and returns to the list. */
export function DeleteForm({ action, name }: { action: DeleteAction; name: string }) {
  const [state, formAction, pending] = useActionState<DeleteState, FormData>(action, { status: 'idle' });
  const [confirming, setConfirming] = useState(false);
  const startButton = useRef<HTMLButtonElement>(null);

  function cancel() {
    setConfirming(false);
    // The confirmation unmounts with its buttons: give focus back to where the user started.
    requestAnimationFrame(() => startButton.current?.focus());
  }

  if (!confirming) {
    return (
      <div className={styles.form}>
        <div>
          <button
            ref={startButton}
            type="button"
            className={`button ${styles.danger}`}
            onClick={() => setConfirming(true)}
          >
            Delete…
          </button>
        </div>
        {state.status === 'error' ? (
          <p role="alert" className="field__error">
            {state.message}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <form action={formAction} className={styles.form} aria-labelledby="delete-confirm-text">
      <input type="hidden" name="confirm" value="delete" />
      <div className={styles.warning} role="alert">
        <p id="delete-confirm-text">
          Delete “{name}” for good? Anyone it is shared with loses it too; forks of it stay.
        </p>
      </div>
      <div className={styles.inline}>
        <BusySubmitButton busy={pending} className={`button ${styles.dangerPrimary}`} autoFocus>
          {pending ? 'Deleting…' : 'Delete permanently'}
        </BusySubmitButton>
        <button type="button" className="button" disabled={pending} onClick={cancel}>
          Cancel
        </button>
      </div>
      {state.status === 'error' ? (
        <p role="alert" className="field__error">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
