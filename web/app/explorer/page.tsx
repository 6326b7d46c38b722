import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { Explorer } from '@/components/explorer/explorer';
import { currentUser } from '@/lib/session';
import styles from './explorer.module.css';

export const metadata: Metadata = { title: 'GraphQL explorer · FAIR data mesh' };

const MAX_PREFILL_CHARS = 20_000;

const DEFAULT_QUERY = `# Ask the supergraph anything; Ctrl-Enter runs the operation.
# Every answer's extensions.dataProducts names the versions that produced it.
{
  clinicalProduct {
    version
    dataVersion
  }
}
`;

function prefill(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value.length <= MAX_PREFILL_CHARS ? value : undefined;
}

export default async function ExplorerPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const [query, user] = await Promise.all([searchParams, currentUser()]);
  return (
    <div className={styles.page}>
      <div className={styles.intro}>
        <h1 className={styles.title}>GraphQL explorer</h1>
        <p className={styles.lead}>
          The whole supergraph, with schema documentation and completion. Requests go through this app, as{' '}
          {user ? (
            <strong>{user.name ?? user.subject}</strong>
          ) : (
            <>
              an anonymous caller: private products answer <code>UNAUTHENTICATED</code> until you{' '}
              <Link href="/sign-in?next=/explorer" data-testid="explorer-sign-in-hint">
                sign in
              </Link>
            </>
          )}
          .
        </p>
      </div>
      <Explorer
        initialQuery={prefill(query.query)}
        initialVariables={prefill(query.variables)}
        defaultQuery={DEFAULT_QUERY}
      />
    </div>
  );
}
