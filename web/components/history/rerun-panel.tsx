'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import type { RerunState } from './action-state';
import { describeChange, explainComparison } from './compare';
import styles from './workspace.module.css';
import { BusySubmitButton } from '@/components/busy-submit-button';

type RerunAction = (state: RerunState, form: FormData) => Promise<RerunState>;

/** Re-runs a recorded run as the signed-in user and says whether the result is identical. */
export function RerunPanel({ action }: { action: RerunAction }) {
  const [state, formAction, pending] = useActionState<RerunState, FormData>(action, { status: 'idle' });
  const done = state.status === 'done' ? state : null;
  const statusClass = done
    ? done.comparison.status === 'identical'
      ? styles.statusIdentical
      : styles.statusChanged
    : styles.status;

  return (
    <form action={formAction} className={styles.form} aria-busy={pending}>
      <p id="rerun-help" className="muted">
        Sends the same operation and variables to the gateway as you, records the answer as a new run, and
        compares its result hash with this one.
      </p>
      <div>
        <BusySubmitButton busy={pending} className="button button--primary" aria-describedby="rerun-help">
          {pending ? 'Re-running…' : 'Re-run'}
        </BusySubmitButton>
      </div>
      <div role="status" aria-live="polite" className={statusClass} data-testid="rerun-status">
        {pending ? <p>Re-running through the gateway…</p> : null}
        {!pending && done ? (
          <>
            <p className={styles.verdict} data-testid="rerun-verdict">
              {done.comparison.status === 'identical' ? 'Identical' : 'Changed'}
            </p>
            <p>{explainComparison(done.comparison)}</p>
            {done.comparison.changes.length > 0 ? (
              <ul className={styles.changes} data-testid="rerun-changes">
                {done.comparison.changes.map((change) => (
                  <li key={`${change.product}-${change.kind}`}>{describeChange(change)}</li>
                ))}
              </ul>
            ) : null}
            <p>
              <Link href={`/history/${encodeURIComponent(done.newId)}`} data-testid="rerun-link">
                Open the new run
              </Link>
            </p>
          </>
        ) : null}
      </div>
      {!pending && state.status === 'error' ? (
        <p role="alert" className="field__error">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
