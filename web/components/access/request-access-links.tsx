import Link from 'next/link';
import { requestAccessHref } from './access-state';

/** "Request access" for each scope a denial names; leads to the filled-in form on the access page. */
export function RequestAccessLinks({ scopes, next }: { scopes: readonly string[]; next?: string }) {
  if (scopes.length === 0) return null;
  return (
    <p className="request-access" data-testid="request-access">
      {scopes.map((scope, index) => (
        <span key={scope}>
          {index > 0 ? ' · ' : null}
          <Link className="button button--small" href={requestAccessHref(scope, next)} data-scope={scope}>
            Request access: <code>{scope}</code>
          </Link>
        </span>
      ))}
    </p>
  );
}
