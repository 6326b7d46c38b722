'use client';

import Link from 'next/link';

/** The error boundary body of the history, UDAT and token pages: what failed, and a way to retry. */
export function RouteError({ error, retry, what }: { error: unknown; retry: () => void; what: string }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">Could not show {what}.</p>
      <p>
        Something failed while loading this page. Try again; if it keeps failing, check that the mesh is
        running
        {digest ? (
          <>
            {' '}
            and quote error <code>{digest}</code> from the server log
          </>
        ) : null}
        .
      </p>
      <p>
        <button type="button" className="button" onClick={() => retry()}>
          Try again
        </button>{' '}
        <Link href="/">Home</Link>
      </p>
    </div>
  );
}
