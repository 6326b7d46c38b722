'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';

/**
 * The fallback of the catalogue's error boundaries. Production hides server error messages, so it shows the
 * digest to quote when reporting, and a retry that re-fetches the segment.
 */
export function RouteError({ error, retry, title }: { error: unknown; retry: () => void; title: string }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // The page content was replaced: take keyboard and screen-reader users to the explanation.
    headingRef.current?.focus();
  }, []);
  const digest =
    typeof error === 'object' && error !== null && 'digest' in error && typeof error.digest === 'string'
      ? error.digest
      : null;
  return (
    <div className="notice notice--error" role="alert">
      <h1 ref={headingRef} tabIndex={-1} className="notice__title">
        {title}
      </h1>
      <p>
        Something went wrong while building this page. The registry or the gateway may be restarting: try
        again in a moment. If it keeps failing, check that the mesh runs (<code>npm start</code>).
      </p>
      {digest ? (
        <p className="muted">
          Error reference: <code>{digest}</code>
        </p>
      ) : null}
      <p>
        <button type="button" className="button button--primary" onClick={() => retry()}>
          Try again
        </button>{' '}
        <Link href="/catalog">Back to the catalogue</Link>
      </p>
    </div>
  );
}
