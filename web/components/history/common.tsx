import Link from 'next/link';
import { shortDataVersion } from '@/lib/data-version';
import type { ProductVersion, Visibility, WorkspaceUser } from '@/lib/workspace';
import type { GatewayOutcome } from './gateway';
import styles from './workspace.module.css';

const VISIBILITY_CLASS: Record<Visibility, string | undefined> = {
  PRIVATE: styles.badgePrivate,
  TEAM: styles.badgeTeam,
  PUBLIC: styles.badgePublic,
};

export const VISIBILITY_HELP: Record<Visibility, string> = {
  PRIVATE: 'Only you',
  TEAM: 'You and everyone sharing one of your roles',
  PUBLIC: 'Everyone who may read the workspace',
};

export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  return (
    <span
      className={VISIBILITY_CLASS[visibility]}
      title={VISIBILITY_HELP[visibility]}
      data-testid="visibility"
    >
      {visibility.toLowerCase()}
    </span>
  );
}

/** `2026-11-24 04:01 UTC`: the same text on the server and in every time zone. */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatWhen(iso)}</time>;
}

export function ownerName(owner: WorkspaceUser): string {
  return owner.name ?? owner.subject;
}

export function ProductList({ products }: { products: readonly ProductVersion[] }) {
  if (products.length === 0) return <span className="muted">none recorded</span>;
  return (
    <ul className={styles.products}>
      {products.map((product) => (
        <li key={product.name} className={styles.nowrap}>
          <code>{product.name}</code> {product.version}{' '}
          <span className="muted" title={product.dataVersion}>
            data {shortDataVersion(product.dataVersion)}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function SignedOutNotice({ what, next }: { what: string; next: string }) {
  return (
    <div className="notice" data-testid="signed-out">
      <p className="notice__title">Sign in to see {what}.</p>
      <p>
        Runs and saved artifacts belong to people:{' '}
        <Link href={`/sign-in?next=${encodeURIComponent(next)}`}>sign in</Link> and the workspace shows you
        yours and what others shared with you.
      </p>
    </div>
  );
}

/** A failed gateway outcome as an alert, with what to do next. */
export function GatewayProblem({ outcome, title }: { outcome: GatewayOutcome<unknown>; title: string }) {
  if (outcome.status === 'ok') return null;
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">{title}</p>
      {outcome.status === 'unreachable' ? (
        <p>
          The gateway did not answer ({outcome.reason}). Is the mesh running? Start it with{' '}
          <code>npm start</code>, then reload.
        </p>
      ) : (
        <ul className="error-list">
          {outcome.errors.map((error, index) => (
            <li key={index}>
              {error.code ? <code className="error-code">{error.code}</code> : null}{' '}
              <span>{error.message}</span>
            </li>
          ))}
        </ul>
      )}
      {outcome.status === 'failed' && outcome.errors.some((error) => error.code === 'UNAUTHENTICATED') ? (
        <p>
          Your session may have expired: <Link href="/sign-in">sign in again</Link>.
        </p>
      ) : null}
    </div>
  );
}
