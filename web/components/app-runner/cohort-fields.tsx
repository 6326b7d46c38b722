'use client';

import { useState } from 'react';
import { parseList, type CohortValues, type FieldErrors, type LabValues } from '@/lib/apps';
import styles from './app-runner.module.css';
import type { CohortOptions, DiagnosisCode } from './discover';
import { describedBy, FieldMessages } from './field-input';

function byChapter(codes: readonly DiagnosisCode[]): [string, DiagnosisCode[]][] {
  const chapters = new Map<string, DiagnosisCode[]>();
  for (const code of [...codes].sort((a, b) => a.code.localeCompare(b.code))) {
    chapters.set(code.chapter, [...(chapters.get(code.chapter) ?? []), code]);
  }
  return [...chapters];
}

function DiagnosisChoices({
  id,
  codes,
  value,
  error,
  onChange,
}: {
  id: string;
  codes: DiagnosisCode[];
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}) {
  const chosen = parseList(value).map((code) => code.toUpperCase());
  const toggle = (code: string) =>
    onChange((chosen.includes(code) ? chosen.filter((c) => c !== code) : [...chosen, code]).join(', '));
  const known = new Set(codes.map(({ code }) => code));
  const others = chosen.filter((code) => !known.has(code));
  return (
    <fieldset className={styles.choices} aria-describedby={describedBy(id, true, error)}>
      <legend>Diagnoses (ICD-10)</legend>
      <FieldMessages
        id={id}
        hint={`None chosen: any diagnosis.${others.length > 0 ? ` Also chosen: ${others.join(', ')}.` : ''}`}
        error={error}
      />
      <div className={styles.choiceList}>
        {byChapter(codes).map(([chapter, group], chapterIndex) => (
          <div key={chapter} role="group" aria-labelledby={`${id}-chapter-${chapterIndex}`}>
            <p id={`${id}-chapter-${chapterIndex}`} className={styles.choiceGroupTitle}>
              {chapter}
            </p>
            {group.map((code) => (
              <label key={code.code} className={styles.choice}>
                <input
                  type="checkbox"
                  value={code.code}
                  checked={chosen.includes(code.code)}
                  onChange={() => toggle(code.code)}
                  aria-invalid={error ? true : undefined}
                />
                {/* The spaces inside one text node: Chromium leaves a space-only text node between React's
                    server-rendered text markers out of the accessible name ("E11.9Type 2 diabetes…"). */}
                <span>
                  <code>{code.code}</code>
                  {` ${code.display} `}
                  <span className={styles.choiceCount}>{`(${code.patientCount} patients)`}</span>
                </span>
              </label>
            ))}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function LabRow({
  id,
  index,
  lab,
  tests,
  errors,
  path,
  onChange,
  onRemove,
}: {
  id: string;
  index: number;
  lab: LabValues;
  tests: CohortOptions['labTests'];
  errors: FieldErrors;
  path: string;
  onChange(lab: LabValues): void;
  onRemove(): void;
}) {
  const error = (key: keyof LabValues) => errors[`${path}.${key}`];
  const input = (key: 'min' | 'max', label: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={lab[key]}
        onChange={(event) => onChange({ ...lab, [key]: event.target.value })}
        aria-invalid={error(key) ? true : undefined}
        aria-describedby={describedBy(`${id}-${key}`, false, error(key))}
      />
      <FieldMessages id={`${id}-${key}`} error={error(key)} />
    </div>
  );
  return (
    <div className={styles.labRow} role="group" aria-label={`Lab criterion ${index + 1}`}>
      <div className="field">
        <label htmlFor={`${id}-code`}>Lab test</label>
        {tests ? (
          <select
            id={`${id}-code`}
            className={styles.control}
            value={lab.code}
            onChange={(event) => onChange({ ...lab, code: event.target.value })}
            aria-invalid={error('code') ? true : undefined}
            aria-describedby={describedBy(`${id}-code`, false, error('code'))}
          >
            <option value="">Choose…</option>
            {tests.map((test) => (
              <option key={test.code} value={test.code}>
                {test.display} ({test.unit})
              </option>
            ))}
          </select>
        ) : (
          <input
            id={`${id}-code`}
            type="text"
            placeholder="LOINC code, e.g. 4548-4"
            value={lab.code}
            onChange={(event) => onChange({ ...lab, code: event.target.value })}
            aria-invalid={error('code') ? true : undefined}
            aria-describedby={describedBy(`${id}-code`, false, error('code'))}
          />
        )}
        <FieldMessages id={`${id}-code`} error={error('code')} />
      </div>
      {input('min', 'At least')}
      {input('max', 'At most')}
      <button
        type="button"
        className="button button--small"
        onClick={onRemove}
        aria-label={`Remove lab criterion ${index + 1}`}
      >
        Remove
      </button>
    </div>
  );
}

/**
 * The criteria builder for clinical's CohortCriteria: diagnoses (any or none of them), sex, age range, lab
 * thresholds and explicit patient ids. Fields combine with AND, as the input type documents.
 */
export function CohortFields({
  id,
  path,
  value,
  options,
  errors,
  onChange,
}: {
  id: string;
  path: string;
  value: CohortValues;
  options: CohortOptions | null;
  errors: FieldErrors;
  onChange(value: CohortValues): void;
}) {
  const set = <K extends keyof CohortValues>(key: K, next: CohortValues[K]) =>
    onChange({ ...value, [key]: next });
  const error = (key: string) => errors[`${path}.${key}`];
  const textField = (key: 'ageMin' | 'ageMax' | 'diagnoses' | 'patientIds', label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        inputMode={key === 'ageMin' || key === 'ageMax' ? 'numeric' : undefined}
        autoComplete="off"
        spellCheck={false}
        value={value[key]}
        onChange={(event) => set(key, event.target.value)}
        aria-invalid={error(key) ? true : undefined}
        aria-describedby={describedBy(`${id}-${key}`, Boolean(hint), error(key))}
      />
      <FieldMessages id={`${id}-${key}`} hint={hint} error={error(key)} />
    </div>
  );
  // Opened for a prefilled list; after that the user decides (tracking the value would fold it mid-edit).
  const [patientsOpen] = useState(() => value.patientIds !== '');
  const codes = options?.diagnosisCodes;
  const sexes = options?.sexes.length ? options.sexes : ['FEMALE', 'MALE'];

  return (
    <>
      {codes && codes.length > 0 ? (
        <DiagnosisChoices
          id={`${id}-diagnoses`}
          codes={codes}
          value={value.diagnoses}
          error={error('diagnoses')}
          onChange={(next) => set('diagnoses', next)}
        />
      ) : (
        textField(
          'diagnoses',
          'Diagnoses (ICD-10)',
          'Codes or three-character categories, comma-separated, e.g. E11, C50.9. Empty: any diagnosis.',
        )
      )}
      <div className={styles.pair}>
        <div className="field">
          <label htmlFor={`${id}-match`}>Patients with</label>
          <select
            id={`${id}-match`}
            className={styles.control}
            value={value.diagnosisMatch}
            onChange={(event) => set('diagnosisMatch', event.target.value === 'NONE' ? 'NONE' : 'ANY')}
          >
            <option value="ANY">any of these diagnoses</option>
            <option value="NONE">none of these diagnoses</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-sex`}>Sex</label>
          <select
            id={`${id}-sex`}
            className={styles.control}
            value={value.sex}
            onChange={(event) => set('sex', event.target.value)}
          >
            <option value="">Any</option>
            {sexes.map((sex) => (
              <option key={sex} value={sex}>
                {sex.charAt(0) + sex.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className={styles.pair}>
        {textField('ageMin', 'Minimum age')}
        {textField('ageMax', 'Maximum age')}
      </div>
      <fieldset className={styles.choices}>
        <legend>Lab values</legend>
        <p className="field__hint">
          Patients with at least one result of the test in the range (inclusive). Every criterion must hold.
        </p>
        {value.labs.map((lab, index) => (
          <LabRow
            key={index}
            id={`${id}-lab-${index}`}
            index={index}
            lab={lab}
            tests={options?.labTests ?? null}
            errors={errors}
            path={`${path}.labs.${index}`}
            onChange={(next) =>
              set(
                'labs',
                value.labs.map((current, i) => (i === index ? next : current)),
              )
            }
            onRemove={() =>
              set(
                'labs',
                value.labs.filter((_, i) => i !== index),
              )
            }
          />
        ))}
        <p>
          <button
            type="button"
            className="button button--small"
            onClick={() => set('labs', [...value.labs, { code: '', min: '', max: '' }])}
          >
            Add lab criterion
          </button>
        </p>
      </fieldset>
      <details className={styles.more} open={patientsOpen || undefined}>
        <summary>Explicit patients</summary>
        {textField(
          'patientIds',
          'Patient ids',
          'Optional: only these patients (e.g. a saved cohort), comma- or space-separated.',
        )}
      </details>
    </>
  );
}
