'use client';

import { useEffect, useRef, useState } from 'react';
import { createClient, fetchExchange, Provider } from 'urql';
import {
  buildAppRun,
  groupNames,
  runTitle,
  type AnalysisApp,
  type AppFormValues,
  type EntrySchema,
  type FieldErrors,
} from '@/lib/apps';
import { AppForm } from './app-form';
import styles from './app-runner.module.css';
import type { CohortOptions } from './discover';
import { RunOutcome } from './run-outcome';
import { useAppRun } from './use-app-run';

export interface AppRunnerProps {
  app: AnalysisApp;
  schema: EntrySchema;
  cohortOptions: CohortOptions | null;
  initialValues: AppFormValues;
}

const RUN_HEADINGS = ['First run', 'Second run'];

function RunPanel({
  index,
  comparing,
  values,
  onChange,
  ...props
}: AppRunnerProps & {
  index: number;
  comparing: boolean;
  values: AppFormValues;
  onChange(values: AppFormValues): void;
}) {
  const { app, schema } = props;
  const id = `run${index + 1}`;
  const { state, start } = useAppRun(app);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [invalidAttempt, setInvalidAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // After a refused submit, take the user to the first field that needs fixing.
  useEffect(() => {
    if (invalidAttempt > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [invalidAttempt]);

  // The second run appears on request: move there so keyboard and screen-reader users land in it.
  useEffect(() => {
    if (index === 1) heading.current?.focus();
  }, [index]);

  function submit() {
    const built = buildAppRun(app, schema, values);
    if (!built.ok) {
      setErrors(built.errors);
      setInvalidAttempt((count) => count + 1);
      return;
    }
    setErrors({});
    void start(built.run, runTitle(app, groupNames(values, schema)), values);
  }

  const errorCount = Object.keys(errors).length;
  return (
    <section
      className={styles.panel}
      aria-labelledby={comparing ? `${id}-heading` : undefined}
      aria-label={comparing ? undefined : 'Run'}
      data-testid={`${id}-panel`}
    >
      {comparing ? (
        <h2 id={`${id}-heading`} ref={heading} tabIndex={-1} className={styles.panelHeading}>
          {RUN_HEADINGS[index]}
        </h2>
      ) : null}
      <div className="panel">
        <AppForm
          ref={form}
          formId={id}
          runLabel={comparing ? RUN_HEADINGS[index] : undefined}
          app={app}
          schema={schema}
          cohortOptions={props.cohortOptions}
          values={values}
          errors={errors}
          running={state.status === 'running'}
          onChange={onChange}
          onSubmit={submit}
        />
        {errorCount > 0 ? (
          <p className="field__error" role="alert" data-testid={`${id}-form-errors`}>
            {errorCount === 1 ? 'One field needs' : `${errorCount} fields need`} fixing before the analysis
            can run.
          </p>
        ) : null}
      </div>
      <RunOutcome id={id} heading={comparing ? 'h3' : 'h2'} app={app} state={state} />
    </section>
  );
}

/**
 * Runs one app from its generated form; "Compare with another run" adds a second form for the same app
 * (other groups or parameters) and shows both results side by side.
 */
export function AppRunner(props: AppRunnerProps) {
  const [client] = useState(() =>
    createClient({
      url: '/api/graphql',
      exchanges: [fetchExchange],
      preferGetMethod: false,
      requestPolicy: 'network-only',
    }),
  );
  const [values, setValues] = useState<AppFormValues[]>([props.initialValues]);
  const comparing = values.length === 2;

  function toggleCompare() {
    // The second run starts as a copy of the first, so comparing means changing only what differs.
    setValues((current) =>
      current.length === 2 ? [current[0]!] : [current[0]!, structuredClone(current[0]!)],
    );
  }

  return (
    <Provider value={client}>
      <div className={styles.toolbar}>
        <button
          type="button"
          className="button"
          aria-pressed={comparing}
          onClick={toggleCompare}
          data-testid="compare-toggle"
        >
          Compare with another run
        </button>
        <span className="muted">
          {comparing
            ? 'Two forms, two results side by side.'
            : 'Run the same app on other groups or parameters, side by side.'}
        </span>
      </div>
      <div className={comparing ? `${styles.runs} ${styles.compare}` : styles.runs}>
        {values.map((current, index) => (
          <RunPanel
            key={index}
            index={index}
            comparing={comparing}
            values={current}
            onChange={(next) => setValues((all) => all.map((value, i) => (i === index ? next : value)))}
            {...props}
          />
        ))}
      </div>
    </Provider>
  );
}
