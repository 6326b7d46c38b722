'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import type { ArtifactField, SaveUdatState } from './action-state';
import styles from './workspace.module.css';
import { BusySubmitButton } from '@/components/busy-submit-button';
import { describedBy } from '@/components/app-runner/field-input';
import { ArtifactDetailsFields, VisibilityField } from '@/components/udats/artifact-fields';

type SaveAction = (state: SaveUdatState, form: FormData) => Promise<SaveUdatState>;

/** Saves a run's result (or its cohort) as a UDAT: a named, tagged, shareable artifact. */
export function SaveUdatForm({
  action,
  defaultName,
  canSaveCohort,
  hasResult,
}: {
  action: SaveAction;
  defaultName: string;
  canSaveCohort: boolean;
  hasResult: boolean;
}) {
  const [state, formAction, pending] = useActionState<SaveUdatState, FormData>(action, { status: 'idle' });
  const errors = state.fieldErrors ?? {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  const value = (field: ArtifactField, fallback: string) => values[field] ?? fallback;

  if (!hasResult && !canSaveCohort) {
    return <p className="muted">This run recorded no result, so there is nothing to save yet.</p>;
  }
  return (
    <form action={formAction} className={styles.form} noValidate>
      <ArtifactDetailsFields
        idPrefix="udat"
        errors={errors}
        value={value}
        defaults={{ name: defaultName, description: '', tags: '' }}
        tagsHint="Comma-separated, e.g. diabetes, baseline."
      />
      <div className={styles.inline}>
        <div className={`field ${styles.grow}`}>
          <label htmlFor="udat-kind">Save as</label>
          <select
            id="udat-kind"
            name="kind"
            defaultValue={value('kind', hasResult ? 'RESULT' : 'COHORT')}
            aria-invalid={errors.kind ? true : undefined}
            aria-describedby={describedBy('udat-kind', false, errors.kind)}
          >
            {hasResult ? <option value="RESULT">Result</option> : null}
            {canSaveCohort ? <option value="COHORT">Cohort (the run&apos;s input criteria)</option> : null}
          </select>
          {errors.kind ? (
            <p id="udat-kind-error" className="field__error">
              {errors.kind}
            </p>
          ) : null}
        </div>
        <VisibilityField
          idPrefix="udat"
          errors={errors}
          value={value}
          fallback="PRIVATE"
          className={`field ${styles.grow}`}
        />
      </div>
      <div>
        <BusySubmitButton busy={pending} className="button button--primary">
          {pending ? 'Saving…' : 'Save as UDAT'}
        </BusySubmitButton>
      </div>
      {state.status === 'error' && state.message ? (
        <p role="alert" className="field__error">
          {state.message}
        </p>
      ) : null}
      <p role="status" aria-live="polite" data-testid="save-udat-status">
        {state.status === 'saved' && state.id ? (
          <>
            {state.message}{' '}
            <Link href={`/udats/${encodeURIComponent(state.id)}`} data-testid="saved-udat-link">
              Open the saved artifact
            </Link>
          </>
        ) : null}
      </p>
    </form>
  );
}
