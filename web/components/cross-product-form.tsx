'use client';

import { useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { parseGeneList } from '@/lib/genes';
import { DIAGNOSIS_CODES_QUERY, type CrossProductVariables, type DiagnosisCode } from '@/lib/queries';
import { GraphQLErrorList } from './graphql-error-list';

const DEFAULT_DIAGNOSIS = 'E11.9';
const DEFAULT_GENES = 'TP53, EGFR';
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;
const MAX_GENES = 50;

const subscribeToNothing = () => () => {};

/** False while rendering on the server and hydrating: `/api/graphql` is a browser-relative URL. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}

function pickDefaultDiagnosis(codes: readonly DiagnosisCode[]): string {
  const preferred =
    codes.find(({ code }) => code === DEFAULT_DIAGNOSIS) ??
    codes.find(({ code }) => code.startsWith(DEFAULT_DIAGNOSIS.slice(0, 3))) ??
    codes[0];
  return preferred?.code ?? '';
}

function groupByChapter(codes: readonly DiagnosisCode[]): [string, DiagnosisCode[]][] {
  const groups = new Map<string, DiagnosisCode[]>();
  for (const code of codes) {
    const group = groups.get(code.chapter) ?? [];
    group.push(code);
    groups.set(code.chapter, group);
  }
  return [...groups];
}

interface FieldErrors {
  genes?: string;
  first?: string;
}

function validate(genes: string[], first: number): FieldErrors {
  const errors: FieldErrors = {};
  if (genes.length === 0) errors.genes = 'Enter at least one HGNC gene symbol, e.g. TP53.';
  else if (genes.length > MAX_GENES) errors.genes = `Ask for at most ${MAX_GENES} genes at a time.`;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    errors.first = `Enter a whole number from 1 to ${MAX_PAGE_SIZE}.`;
  }
  return errors;
}

export function CrossProductForm({
  onRun,
  running,
}: {
  onRun(variables: CrossProductVariables): void;
  running: boolean;
}) {
  const hydrated = useHydrated();
  const [codesResult] = useQuery({ query: DIAGNOSIS_CODES_QUERY, pause: !hydrated });
  const codes = codesResult.data?.diagnosisCodes ?? [];

  const [chosenDiagnosis, setChosenDiagnosis] = useState<string | null>(null);
  const [genes, setGenes] = useState(DEFAULT_GENES);
  const [pageSize, setPageSize] = useState(String(DEFAULT_PAGE_SIZE));
  const [errors, setErrors] = useState<FieldErrors>({});
  const genesRef = useRef<HTMLInputElement>(null);
  const pageSizeRef = useRef<HTMLInputElement>(null);
  const diagnosis = chosenDiagnosis ?? pickDefaultDiagnosis(codes);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const symbols = parseGeneList(genes);
    const first = Number(pageSize);
    const problems = validate(symbols, first);
    setErrors(problems);
    if (problems.genes) genesRef.current?.focus();
    else if (problems.first) pageSizeRef.current?.focus();
    else onRun({ diagnosis, genes: symbols, first });
  }

  const codesState = codesResult.error ? 'failed' : codes.length > 0 ? 'ready' : 'loading';

  return (
    <form className="query-form" onSubmit={submit} noValidate aria-describedby="query-form-hint">
      <p id="query-form-hint" className="muted">
        Patients with a diagnosis, their samples, and expression of the genes you name.
      </p>
      <div className="field field--wide">
        <label htmlFor="diagnosis">Diagnosis (ICD-10)</label>
        <select
          id="diagnosis"
          name="diagnosis"
          value={diagnosis}
          onChange={(event) => setChosenDiagnosis(event.target.value)}
          disabled={codesState !== 'ready'}
          aria-describedby={codesState === 'failed' ? 'diagnosis-error' : undefined}
        >
          {codesState === 'ready' ? (
            groupByChapter(codes).map(([chapter, group]) => (
              <optgroup key={chapter} label={chapter}>
                {group.map(({ code, display, patientCount }) => (
                  <option key={code} value={code}>
                    {code} · {display} ({patientCount} patients)
                  </option>
                ))}
              </optgroup>
            ))
          ) : (
            <option value="">
              {codesState === 'failed' ? 'Diagnosis codes unavailable' : 'Loading diagnosis codes…'}
            </option>
          )}
        </select>
      </div>

      <div className="field">
        <label htmlFor="genes">Genes</label>
        <input
          ref={genesRef}
          id="genes"
          name="genes"
          type="text"
          value={genes}
          onChange={(event) => setGenes(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors.genes ? true : undefined}
          aria-describedby={errors.genes ? 'genes-hint genes-error' : 'genes-hint'}
        />
        <p id="genes-hint" className="field__hint">
          HGNC symbols, comma- or space-separated (case-sensitive).
        </p>
        {errors.genes ? (
          <p id="genes-error" className="field__error">
            {errors.genes}
          </p>
        ) : null}
      </div>

      <div className="field field--narrow">
        <label htmlFor="page-size">Patients per page</label>
        <input
          ref={pageSizeRef}
          id="page-size"
          name="first"
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_PAGE_SIZE}
          value={pageSize}
          onChange={(event) => setPageSize(event.target.value)}
          aria-invalid={errors.first ? true : undefined}
          aria-describedby={errors.first ? 'page-size-error' : undefined}
        />
        {errors.first ? (
          <p id="page-size-error" className="field__error">
            {errors.first}
          </p>
        ) : null}
      </div>

      <div className="field field--action">
        <button type="submit" className="button button--primary" disabled={diagnosis === ''}>
          {running ? 'Running…' : 'Run query'}
        </button>
      </div>

      {codesResult.error ? (
        <div id="diagnosis-error" className="field--full">
          <GraphQLErrorList error={codesResult.error} title="Could not load diagnosis codes from clinical." />
        </div>
      ) : null}
    </form>
  );
}
