'use client';

import { useActionState } from 'react';
import type { ArtifactField, UpdateUdatState } from '@/components/history/action-state';
import styles from '@/components/history/workspace.module.css';
import type { Visibility } from '@/lib/workspace';
import { BusySubmitButton } from '@/components/busy-submit-button';

type UpdateAction = (state: UpdateUdatState, form: FormData) => Promise<UpdateUdatState>;

export interface EditableUdat {
  name: string;
  description: string | null;
  tags: string[];
  visibility: Visibility;
  version: number;
}

function describedBy(id: string, error: string | undefined, hint?: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The owner's edit form; every save makes a new version. */
export function EditUdatForm({ action, udat }: { action: UpdateAction; udat: EditableUdat }) {
  const [state, formAction, pending] = useActionState<UpdateUdatState, FormData>(action, { status: 'idle' });
  const errors = state.fieldErrors ?? {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  const value = (field: ArtifactField, fallback: string) => values[field] ?? fallback;

  return (
    <form action={formAction} className={styles.form} noValidate aria-label="Edit artifact">
      <p className="muted" id="edit-version">
        Version {udat.version}: saving makes version {udat.version + 1}.
      </p>
      <div className="field">
        <label htmlFor="edit-name">Name</label>
        <input
          id="edit-name"
          name="name"
          required
          maxLength={200}
          defaultValue={value('name', udat.name)}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy('edit-name', errors.name)}
        />
        {errors.name ? (
          <p id="edit-name-error" className="field__error">
            {errors.name}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="edit-description">Description</label>
        <textarea
          id="edit-description"
          name="description"
          maxLength={10_000}
          defaultValue={value('description', udat.description ?? '')}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describedBy('edit-description', errors.description)}
        />
        {errors.description ? (
          <p id="edit-description-error" className="field__error">
            {errors.description}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="edit-tags">Tags</label>
        <input
          id="edit-tags"
          name="tags"
          autoComplete="off"
          defaultValue={value('tags', udat.tags.join(', '))}
          aria-invalid={errors.tags ? true : undefined}
          aria-describedby={describedBy('edit-tags', errors.tags, true)}
        />
        <p id="edit-tags-hint" className="field__hint">
          Comma-separated.
        </p>
        {errors.tags ? (
          <p id="edit-tags-error" className="field__error">
            {errors.tags}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="edit-visibility">Who can see it</label>
        <select
          id="edit-visibility"
          name="visibility"
          defaultValue={value('visibility', udat.visibility)}
          aria-invalid={errors.visibility ? true : undefined}
          aria-describedby={describedBy('edit-visibility', errors.visibility)}
        >
          <option value="PRIVATE">Private: only you</option>
          <option value="TEAM">Team: people sharing one of your roles</option>
          <option value="PUBLIC">Public: everyone who may read the workspace</option>
        </select>
        {errors.visibility ? (
          <p id="edit-visibility-error" className="field__error">
            {errors.visibility}
          </p>
        ) : null}
      </div>
      <div>
        <BusySubmitButton busy={pending} className="button button--primary">
          {pending ? 'Saving…' : 'Save changes'}
        </BusySubmitButton>
      </div>
      {state.status === 'error' && state.message ? (
        <p role="alert" className="field__error">
          {state.message}
        </p>
      ) : null}
      <p role="status" aria-live="polite" className="muted" data-testid="edit-udat-status">
        {state.status === 'saved' ? state.message : ''}
      </p>
    </form>
  );
}
