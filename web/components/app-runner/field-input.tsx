'use client';

import type { ReactNode } from 'react';
import type { FieldSpec, RawValue } from '@/lib/apps';
import styles from './app-runner.module.css';

/** aria-describedby for a field: its hint and, when there is one, its error. */
export function describedBy(id: string, hint: boolean, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function FieldMessages({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
    </>
  );
}

function hintOf(spec: FieldSpec): string {
  const range =
    spec.minimum !== null && spec.maximum !== null
      ? `From ${spec.minimum} to ${spec.maximum}.`
      : spec.minimum !== null
        ? `At least ${spec.minimum}.`
        : spec.maximum !== null
          ? `At most ${spec.maximum}.`
          : '';
  const list = spec.widget === 'list' ? 'Comma-separated.' : '';
  return [spec.help, range, list].filter(Boolean).join(' ');
}

function Label({ htmlFor, spec }: { htmlFor: string; spec: FieldSpec }) {
  return (
    <label htmlFor={htmlFor}>
      {spec.label}
      {spec.required ? <span className={styles.required}> (required)</span> : null}
    </label>
  );
}

const optionText = (option: { value: string; label: string }) =>
  option.label === option.value ? option.value : option.label;

/**
 * One form control generated from a FieldSpec (an app parameter or an input field of a group type), with
 * its label, help text and error wired up for assistive technology.
 */
export function FieldInput({
  spec,
  id,
  value,
  error,
  onChange,
}: {
  spec: FieldSpec;
  id: string;
  value: RawValue | undefined;
  error: string | undefined;
  onChange(value: RawValue): void;
}) {
  const hint = hintOf(spec);
  const described = describedBy(id, hint !== '', error);
  const invalid = error ? true : undefined;
  const text = typeof value === 'string' ? value : '';

  if (spec.widget === 'checkboxes') {
    const checked = new Set(Array.isArray(value) ? value : []);
    const toggle = (option: string) =>
      onChange(
        spec.options.map((o) => o.value).filter((o) => (o === option ? !checked.has(o) : checked.has(o))),
      );
    return (
      <fieldset className={styles.choices} aria-describedby={described} data-field={spec.path}>
        <legend>
          {spec.label}
          {spec.required ? <span className={styles.required}> (required)</span> : null}
        </legend>
        <FieldMessages id={id} hint={hint} error={error} />
        <div className={styles.choiceList}>
          {spec.options.map((option, index) => (
            <label key={option.value} className={styles.choice}>
              <input
                type="checkbox"
                id={index === 0 ? id : undefined}
                value={option.value}
                checked={checked.has(option.value)}
                onChange={() => toggle(option.value)}
                aria-invalid={invalid}
              />
              <span>{optionText(option)}</span>
            </label>
          ))}
        </div>
      </fieldset>
    );
  }

  if (spec.widget === 'checkbox') {
    return (
      <div className="field" data-field={spec.path}>
        <div className={styles.checkField}>
          <input
            type="checkbox"
            id={id}
            checked={text === 'true'}
            onChange={(event) => onChange(event.target.checked ? 'true' : 'false')}
            aria-invalid={invalid}
            aria-describedby={described}
          />
          <label htmlFor={id}>{spec.label}</label>
        </div>
        <FieldMessages id={id} hint={hint} error={error} />
      </div>
    );
  }

  let control: ReactNode;
  if (spec.widget === 'select') {
    control = (
      <select
        id={id}
        className={styles.control}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalid}
        aria-describedby={described}
        aria-required={spec.required || undefined}
      >
        {spec.emptyOption !== null ? <option value="">{spec.emptyOption}</option> : null}
        {spec.options.map((option) => (
          <option key={option.value} value={option.value}>
            {optionText(option)}
          </option>
        ))}
      </select>
    );
  } else if (spec.widget === 'json') {
    control = (
      <textarea
        id={id}
        className={styles.textarea}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        spellCheck={false}
        aria-invalid={invalid}
        aria-describedby={described}
        aria-required={spec.required || undefined}
      />
    );
  } else {
    // Numbers are typed as text so a mistyped value reaches validation (a number input would report "").
    control = (
      <input
        id={id}
        type="text"
        inputMode={spec.widget === 'integer' ? 'numeric' : spec.widget === 'number' ? 'decimal' : undefined}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={invalid}
        aria-describedby={described}
        aria-required={spec.required || undefined}
      />
    );
  }
  return (
    <div className="field" data-field={spec.path}>
      <Label htmlFor={id} spec={spec} />
      {control}
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
