'use client';

import type { FormEvent, Ref } from 'react';
import {
  entryFieldSpecs,
  groupFieldSpecs,
  groupLabel,
  parameterSpec,
  suggestGroupName,
  type AnalysisApp,
  type AppFormValues,
  type EntrySchema,
  type FieldErrors,
  type GroupValues,
  type RawValue,
} from '@/lib/apps';
import styles from './app-runner.module.css';
import { CohortFields } from './cohort-fields';
import type { CohortOptions } from './discover';
import { describedBy, FieldInput, FieldMessages } from './field-input';

export interface AppFormProps {
  /** Prefix of every id in the form, unique on the page (two forms when comparing runs). */
  formId: string;
  /** Which run the form is for when comparing ("First run"): part of its accessible name. */
  runLabel?: string;
  app: AnalysisApp;
  schema: EntrySchema;
  cohortOptions: CohortOptions | null;
  values: AppFormValues;
  errors: FieldErrors;
  running: boolean;
  onChange(values: AppFormValues): void;
  onSubmit(): void;
  ref?: Ref<HTMLFormElement>;
}

/** `groups.0.fields.region` → `run1-groups-0-fields-region`: a DOM id for a field path. */
const domId = (formId: string, path: string) => `${formId}-${path.replace(/\./g, '-')}`;

function GroupFieldset({ index, props }: { index: number; props: AppFormProps }) {
  const { formId, schema, values, errors, onChange, cohortOptions } = props;
  const group = values.groups[index]!;
  const label = groupLabel(schema, index);
  const setGroup = (next: GroupValues) =>
    onChange({ ...values, groups: values.groups.map((current, i) => (i === index ? next : current)) });
  const nameId = domId(formId, `groups.${index}.name`);
  const nameError = errors[`groups.${index}.name`];

  return (
    <fieldset className={styles.fieldset} data-group={index}>
      <legend>{label}</legend>
      {schema.nameArgs[index] ? (
        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            type="text"
            autoComplete="off"
            value={group.name}
            placeholder={suggestGroupName(group, schema, index)}
            onChange={(event) => setGroup({ ...group, name: event.target.value })}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={describedBy(nameId, true, nameError)}
          />
          <FieldMessages
            id={nameId}
            hint="Shown in the result and your history; left empty, the criteria name it."
            error={nameError}
          />
        </div>
      ) : null}
      {group.builder === 'cohort' ? (
        <CohortFields
          id={domId(formId, `groups.${index}.cohort`)}
          path={`groups.${index}.cohort`}
          value={group.cohort}
          options={cohortOptions}
          errors={errors}
          onChange={(cohort) => setGroup({ ...group, cohort })}
        />
      ) : (
        <div className={styles.grid}>
          {groupFieldSpecs(schema, index).map((spec) => (
            <FieldInput
              key={spec.path}
              spec={spec}
              id={domId(formId, spec.path)}
              value={group.fields[spec.name]}
              error={errors[spec.path]}
              onChange={(value) => setGroup({ ...group, fields: { ...group.fields, [spec.name]: value } })}
            />
          ))}
        </div>
      )}
    </fieldset>
  );
}

/**
 * The form of an app, generated from its metadata: the group(s) its entry field defines, any other
 * argument of the entry, then the app's parameters with their help, defaults and validation.
 */
export function AppForm(props: AppFormProps) {
  const { formId, app, schema, values, errors, running, onChange, onSubmit, ref } = props;
  const entrySpecs = entryFieldSpecs(schema);
  const parameterSpecs = app.parameters.map((parameter) => parameterSpec(parameter, schema.types));
  const set = (part: 'entry' | 'parameters', name: string, value: RawValue) =>
    onChange({ ...values, [part]: { ...values[part], [name]: value } });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!running) onSubmit();
  }

  return (
    <form
      ref={ref}
      className={styles.form}
      onSubmit={submit}
      noValidate
      aria-label={
        props.runLabel ? `${app.title} inputs, ${props.runLabel.toLowerCase()}` : `${app.title} inputs`
      }
      data-testid={`${formId}-form`}
    >
      <div className={styles.groups}>
        {schema.groupArgs.map((arg, index) => (
          <GroupFieldset key={arg.name} index={index} props={props} />
        ))}
      </div>
      {entrySpecs.length > 0 ? (
        <fieldset className={styles.fieldset}>
          <legend>Options of {app.entry}</legend>
          <div className={styles.grid}>
            {entrySpecs.map((spec) => (
              <FieldInput
                key={spec.path}
                spec={spec}
                id={domId(formId, spec.path)}
                value={values.entry[spec.name]}
                error={errors[spec.path]}
                onChange={(value) => set('entry', spec.name, value)}
              />
            ))}
          </div>
        </fieldset>
      ) : null}
      {parameterSpecs.length > 0 ? (
        <fieldset className={styles.fieldset}>
          <legend>Parameters</legend>
          <div className={styles.grid}>
            {parameterSpecs.map((spec) => (
              <FieldInput
                key={spec.path}
                spec={spec}
                id={domId(formId, spec.path)}
                value={values.parameters[spec.name]}
                error={errors[spec.path]}
                onChange={(value) => set('parameters', spec.name, value)}
              />
            ))}
          </div>
        </fieldset>
      ) : null}
      <div className={styles.actions}>
        {/* aria-disabled, not disabled, while running: a disabled button drops the keyboard focus. */}
        <button
          type="submit"
          className="button button--primary"
          aria-disabled={running || undefined}
          data-testid={`${formId}-submit`}
        >
          {running ? 'Running…' : 'Run analysis'}
        </button>
      </div>
    </form>
  );
}
