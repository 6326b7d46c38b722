'use client';

import { useActionState } from 'react';
import type { ArtifactField, UpdateUdatState } from '@/components/history/action-state';
import styles from '@/components/history/workspace.module.css';
import type { Visibility } from '@/lib/workspace';
import { BusySubmitButton } from '@/components/busy-submit-button';
import { ArtifactDetailsFields, VisibilityField } from '@/components/udats/artifact-fields';

type UpdateAction = (state: UpdateUdatState, form: FormData) => Promise<UpdateUdatState>;

export interface EditableUdat {
  name: string;
  description: string | null;
  tags: string[];
  visibility: Visibility;
  version: number;
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
      <ArtifactDetailsFields
        idPrefix="edit"
        errors={errors}
        value={value}
        defaults={{ name: udat.name, description: udat.description ?? '', tags: udat.tags.join(', ') }}
        tagsHint="Comma-separated."
      />
      <VisibilityField idPrefix="edit" errors={errors} value={value} fallback={udat.visibility} />
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
