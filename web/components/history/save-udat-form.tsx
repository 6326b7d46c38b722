'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import type { ArtifactField, SaveUdatState } from './action-state';
import styles from './workspace.module.css';
import { BusySubmitButton } from '@/components/busy-submit-button';

type SaveAction = (state: SaveUdatState, form: FormData) => Promise<SaveUdatState>;

function describedBy(id: string, error: string | undefined, hint?: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

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
      <div className="field">
        <label htmlFor="udat-name">Name</label>
        <input
          id="udat-name"
          name="name"
          required
          maxLength={200}
          defaultValue={value('name', defaultName)}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy('udat-name', errors.name)}
        />
        {errors.name ? (
          <p id="udat-name-error" className="field__error">
            {errors.name}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="udat-description">Description</label>
        <textarea
          id="udat-description"
          name="description"
          maxLength={10_000}
          defaultValue={value('description', '')}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describedBy('udat-description', errors.description)}
        />
        {errors.description ? (
          <p id="udat-description-error" className="field__error">
            {errors.description}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="udat-tags">Tags</label>
        <input
          id="udat-tags"
          name="tags"
          defaultValue={value('tags', '')}
          autoComplete="off"
          aria-invalid={errors.tags ? true : undefined}
          aria-describedby={describedBy('udat-tags', errors.tags, true)}
        />
        <p id="udat-tags-hint" className="field__hint">
          Comma-separated, e.g. diabetes, baseline.
        </p>
        {errors.tags ? (
          <p id="udat-tags-error" className="field__error">
            {errors.tags}
          </p>
        ) : null}
      </div>
      <div className={styles.inline}>
        <div className={`field ${styles.grow}`}>
          <label htmlFor="udat-kind">Save as</label>
          <select
            id="udat-kind"
            name="kind"
            defaultValue={value('kind', hasResult ? 'RESULT' : 'COHORT')}
            aria-invalid={errors.kind ? true : undefined}
            aria-describedby={describedBy('udat-kind', errors.kind)}
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
        <div className={`field ${styles.grow}`}>
          <label htmlFor="udat-visibility">Who can see it</label>
          <select
            id="udat-visibility"
            name="visibility"
            defaultValue={value('visibility', 'PRIVATE')}
            aria-invalid={errors.visibility ? true : undefined}
            aria-describedby={describedBy('udat-visibility', errors.visibility)}
          >
            <option value="PRIVATE">Private</option>
            <option value="TEAM">Team</option>
            <option value="PUBLIC">Public</option>
          </select>
          {errors.visibility ? (
            <p id="udat-visibility-error" className="field__error">
              {errors.visibility}
            </p>
          ) : null}
        </div>
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
