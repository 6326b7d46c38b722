import Link from 'next/link';
import type { CombinedError } from 'urql';
import { scopesOf } from '@/components/access/access-state';
import { RequestAccessLinks } from '@/components/access/request-access-links';

interface ErrorItem {
  message: string;
  code?: string;
  /** FORBIDDEN: the scopes that would allow it (`extensions.requiredScopes`). */
  requiredScopes?: string[];
}

function toItems(error: CombinedError): ErrorItem[] {
  if (error.graphQLErrors.length > 0) {
    return error.graphQLErrors.map(({ message, extensions }) => ({
      message,
      code: typeof extensions.code === 'string' ? extensions.code : undefined,
      requiredScopes: scopesOf(extensions.requiredScopes),
    }));
  }
  return [{ message: error.networkError?.message ?? error.message, code: 'NETWORK_ERROR' }];
}

/** GraphQL errors with their stable `extensions.code`: the message tells the user what to do next. */
export function GraphQLErrorList({ error, title }: { error: CombinedError; title: string }) {
  const items = toItems(error);
  const needsSignIn = items.some((item) => item.code === 'UNAUTHENTICATED');
  // A signed-in user refused a field can ask its product's owners for the scope.
  const requestable = [...new Set(items.flatMap((item) => item.requiredScopes ?? []))];
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">{title}</p>
      {needsSignIn ? (
        <p>
          These products are private: <Link href="/sign-in">sign in</Link> with a role that may read them.
        </p>
      ) : null}
      <ul className="error-list">
        {items.map((item, index) => (
          <li key={index}>
            {item.code ? <code className="error-code">{item.code}</code> : null} <span>{item.message}</span>
          </li>
        ))}
      </ul>
      {needsSignIn ? null : <RequestAccessLinks scopes={requestable} />}
    </div>
  );
}
