'use client';

import dynamic from 'next/dynamic';
import styles from './explorer.module.css';

export interface ExplorerProps {
  initialQuery?: string;
  initialVariables?: string;
  defaultQuery: string;
}

// GraphiQL (Monaco, web workers, window) exists only in the browser: never rendered on the server.
const GraphiQLView = dynamic(() => import('./graphiql-view'), {
  ssr: false,
  loading: () => (
    <p className={styles.loading} role="status">
      Loading the GraphQL explorer…
    </p>
  ),
});

export function Explorer(props: ExplorerProps) {
  return (
    <section className={styles.frame} aria-label="GraphiQL" data-testid="explorer">
      <GraphiQLView {...props} />
    </section>
  );
}
