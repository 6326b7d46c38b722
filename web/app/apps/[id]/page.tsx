import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { AppRunner } from '@/components/app-runner/app-runner';
import { loadAppPage } from '@/components/app-runner/discover';
import {
  decodeFormValues,
  decodeRunVariables,
  formValuesFromVariables,
  mergeFormValues,
  type AnalysisApp,
  type AppFormValues,
  type EntrySchema,
} from '@/lib/apps';
import { currentUser } from '@/lib/session';
import styles from '../apps.module.css';

interface AppPageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** Route params arrive percent-encoded; a malformed one is simply not an app id. */
function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: AppPageProps): Promise<Metadata> {
  const { id } = await params;
  return { title: `${decodeId(id)} · Analysis apps · FAIR data mesh` };
}

/**
 * The form's first values: from `?values=` (form values, e.g. "Link to these inputs"), or from `?variables=`
 * (a recorded run's variables, e.g. re-opened from history), else the app's defaults.
 */
function initialValues(
  app: AnalysisApp,
  schema: EntrySchema,
  query: Record<string, string | string[] | undefined>,
): { values: AppFormValues; unreadable: boolean; unsupported: string[] } {
  if (typeof query.values === 'string') {
    const decoded = decodeFormValues(query.values);
    return { values: mergeFormValues(app, schema, decoded), unreadable: decoded === null, unsupported: [] };
  }
  if (typeof query.variables === 'string') {
    const variables = decodeRunVariables(query.variables);
    if (variables) return { ...formValuesFromVariables(app, schema, variables), unreadable: false };
    return { values: mergeFormValues(app, schema, null), unreadable: true, unsupported: [] };
  }
  return { values: mergeFormValues(app, schema, null), unreadable: false, unsupported: [] };
}

export default async function AppPage({ params, searchParams }: AppPageProps) {
  await connection();
  const [{ id: rawId }, query] = await Promise.all([params, searchParams]);
  const id = decodeId(rawId);
  const [page, user] = await Promise.all([loadAppPage(id), currentUser()]);
  if (page.status === 'not-found') notFound();

  const back = (
    <p className={styles.back}>
      <Link href="/apps">← All apps</Link>
    </p>
  );
  if (page.status === 'failed') {
    return (
      <>
        {back}
        <h1>
          <code>{id}</code>
        </h1>
        <div className="notice notice--error" role="alert">
          <p className="notice__title">This app cannot be shown: the gateway did not describe it.</p>
          <ul>
            {page.problems.map((problem, index) => (
              <li key={index}>
                {problem.code ? <code className="error-code">{problem.code}</code> : null} {problem.message}
              </li>
            ))}
          </ul>
          <p>
            <Link href={`/apps/${id}`}>Try again</Link>
          </p>
        </div>
      </>
    );
  }

  const { app, product, schema, cohortOptions } = page;
  const initial = initialValues(app, schema, query);
  return (
    <>
      {back}
      <h1>{app.title}</h1>
      <p className={styles.meta}>
        <code className="badge">{product.name}</code>
        <span className={styles.input}>
          {app.input === 'TWO_GROUPS' ? 'Compares two groups' : 'Runs on one group'} ·{' '}
          <code>{`${app.target}.${app.field}`}</code> through <code>{app.entry}</code>
        </span>
      </p>
      <p className="lead">{app.description}</p>
      <p className={styles.output}>
        <span className="provenance__label">Output:</span> {app.output}
      </p>
      {user ? null : (
        <p className="notice" data-testid="sign-in-hint">
          You are not signed in. Private products (and your run history) need a signed-in user:{' '}
          <Link href={`/sign-in?next=${encodeURIComponent(`/apps/${app.id}`)}`}>sign in</Link> to run this app
          on them.
        </p>
      )}
      {initial.unreadable ? (
        <p className="notice" role="status">
          The link&rsquo;s inputs could not be read, so the form shows the app&rsquo;s defaults.
        </p>
      ) : null}
      {initial.unsupported.length > 0 ? (
        <div className="notice" role="status" data-testid="unsupported-inputs">
          <p className="notice__title">Some criteria of the recorded run cannot be shown in this form:</p>
          <ul>
            {initial.unsupported.map((part) => (
              <li key={part}>{part}</li>
            ))}
          </ul>
          <p>Running the form as shown leaves them out.</p>
        </div>
      ) : null}
      <AppRunner app={app} schema={schema} cohortOptions={cohortOptions} initialValues={initial.values} />
    </>
  );
}
