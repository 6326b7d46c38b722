import Link from 'next/link';
import type { NotebookSnippets as Snippets } from '@/lib/snippets';
import { CodeBlock } from './code-block';
import styles from './workspace.module.css';

/** Python, R and curl versions of a request, each copyable; the token comes from `MESH_TOKEN`. */
export function NotebookSnippets({ snippets, idPrefix }: { snippets: Snippets; idPrefix: string }) {
  return (
    <div className={styles.snippets} data-testid="notebook-snippets">
      <p className="muted">
        Set <code>MESH_TOKEN</code> to an API token from the <Link href="/tokens">API tokens</Link> page
        first; the code reads it from the environment, never from the notebook.
      </p>
      <details open>
        <summary>Python (requests + pandas)</summary>
        <CodeBlock id={`${idPrefix}-python`} title="Python" text={snippets.python} testId="snippet-python" />
      </details>
      <details>
        <summary>R (httr2 + jsonlite)</summary>
        <CodeBlock id={`${idPrefix}-r`} title="R" text={snippets.r} testId="snippet-r" />
      </details>
      <details>
        <summary>curl</summary>
        <CodeBlock id={`${idPrefix}-curl`} title="curl" text={snippets.curl} testId="snippet-curl" />
      </details>
    </div>
  );
}
