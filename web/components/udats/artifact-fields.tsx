import { describedBy } from '@/components/app-runner/field-input';
import type { ArtifactField } from '@/components/history/action-state';
import type { Visibility } from '@/lib/workspace';

/** The fields saving and editing an artifact share: name, description, tags and who can see it. */

interface FieldProps {
  /** Prefix of the fields' ids (`udat-name`, `edit-name`, …), unique on the page. */
  idPrefix: string;
  errors: Partial<Record<ArtifactField, string>>;
  /** What the field shows: the value sent last (after an error), else the default. */
  value: (field: ArtifactField, fallback: string) => string;
}

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={`${id}-error`} className="field__error">
      {error}
    </p>
  ) : null;
}

export function ArtifactDetailsFields({
  idPrefix,
  errors,
  value,
  defaults,
  tagsHint,
}: FieldProps & { defaults: { name: string; description: string; tags: string }; tagsHint: string }) {
  const id = (field: string) => `${idPrefix}-${field}`;
  return (
    <>
      <div className="field">
        <label htmlFor={id('name')}>Name</label>
        <input
          id={id('name')}
          name="name"
          required
          maxLength={200}
          defaultValue={value('name', defaults.name)}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy(id('name'), false, errors.name)}
        />
        <FieldError id={id('name')} error={errors.name} />
      </div>
      <div className="field">
        <label htmlFor={id('description')}>Description</label>
        <textarea
          id={id('description')}
          name="description"
          maxLength={10_000}
          defaultValue={value('description', defaults.description)}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describedBy(id('description'), false, errors.description)}
        />
        <FieldError id={id('description')} error={errors.description} />
      </div>
      <div className="field">
        <label htmlFor={id('tags')}>Tags</label>
        <input
          id={id('tags')}
          name="tags"
          autoComplete="off"
          defaultValue={value('tags', defaults.tags)}
          aria-invalid={errors.tags ? true : undefined}
          aria-describedby={describedBy(id('tags'), true, errors.tags)}
        />
        <p id={`${id('tags')}-hint`} className="field__hint">
          {tagsHint}
        </p>
        <FieldError id={id('tags')} error={errors.tags} />
      </div>
    </>
  );
}

export function VisibilityField({
  idPrefix,
  errors,
  value,
  fallback,
  className = 'field',
}: FieldProps & { fallback: Visibility; className?: string }) {
  const id = `${idPrefix}-visibility`;
  return (
    <div className={className}>
      <label htmlFor={id}>Who can see it</label>
      <select
        id={id}
        name="visibility"
        defaultValue={value('visibility', fallback)}
        aria-invalid={errors.visibility ? true : undefined}
        aria-describedby={describedBy(id, false, errors.visibility)}
      >
        <option value="PRIVATE">Private: only you</option>
        <option value="TEAM">Team: people sharing one of your roles</option>
        <option value="PUBLIC">Public: everyone who may read the workspace</option>
      </select>
      <FieldError id={id} error={errors.visibility} />
    </div>
  );
}
