'use client';

import Link from 'next/link';

/** Something unexpected while loading an app (e.g. the gateway went away mid-request): offer a retry. */
export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">This app could not be loaded.</p>
      <p>
        The gateway or a data product may be restarting. Try again in a moment, or go back to{' '}
        <Link href="/apps">all apps</Link>.
      </p>
      {digest ? (
        <p className="muted">
          Reference for the server logs: <code>{digest}</code>
        </p>
      ) : null}
      <p>
        <button type="button" className="button button--primary" onClick={() => retry()}>
          Try again
        </button>
      </p>
    </div>
  );
}
