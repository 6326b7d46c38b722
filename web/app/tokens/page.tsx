import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { SignedOutNotice, When } from '@/components/history/common';
import { NotebookSnippets } from '@/components/history/notebook-snippets';
import styles from '@/components/history/workspace.module.css';
import { listApiTokens } from '@/components/tokens/api-tokens';
import { tokenStatus } from '@/components/tokens/api-tokens-status';
import { CreateTokenForm } from '@/components/tokens/create-token-form';
import { RevokeTokenButton } from '@/components/tokens/revoke-token-button';
import { currentUser } from '@/lib/session';
import { gatewayEndpoints, tokenUsageSnippets } from '@/lib/snippets';
import { createToken, revokeToken } from './actions';

export const metadata: Metadata = { title: 'API tokens · FAIR data mesh' };

const STATUS_LABEL = { active: 'Active', revoked: 'Revoked', expired: 'Expired' } as const;

export default async function TokensPage() {
  await connection();
  const user = await currentUser();
  const intro = (
    <>
      <h1>API tokens</h1>
      <p className="lead">
        Notebooks, scripts and tools reach the mesh with a personal API token: it acts as you, limited to the
        scopes you give it, until it expires or you revoke it.
      </p>
    </>
  );
  if (!user) {
    return (
      <>
        {intro}
        <SignedOutNotice what="your API tokens" next="/tokens" />
      </>
    );
  }
  const tokens = await listApiTokens();
  const now = Date.now();
  const endpoints = gatewayEndpoints(process.env);

  return (
    <>
      {intro}
      <div className={`section ${styles.stack}`}>
        <section className="panel" aria-labelledby="tokens-heading">
          <h2 id="tokens-heading" className={styles.panelTitle}>
            Your tokens
          </h2>
          {tokens.status !== 'ok' ? (
            <div className="notice notice--error" role="alert">
              <p className="notice__title">Could not list your tokens.</p>
              <p>
                <code className="error-code">{tokens.code}</code> {tokens.message}
                {tokens.httpStatus === 401 ? (
                  <>
                    {' '}
                    <Link href="/sign-in?next=/tokens">Sign in again</Link>.
                  </>
                ) : null}
              </p>
            </div>
          ) : tokens.value.length === 0 ? (
            <p className="notice" data-testid="tokens-empty">
              No tokens yet. Create one to use the mesh from a notebook.
            </p>
          ) : (
            <div className={`table-scroll ${styles.scroll}`}>
              <table className={`${styles.table} ${styles.responsive}`} data-testid="tokens-table">
                <thead>
                  <tr>
                    <th scope="col">Label</th>
                    <th scope="col">Scopes</th>
                    <th scope="col">Created</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tokens.value.map((token) => {
                    const status = tokenStatus(token, now);
                    return (
                      <tr key={token.id} data-testid="token-row" data-id={token.id} data-status={status}>
                        <th scope="row">{token.label}</th>
                        <td data-label="Scopes">
                          <ul className={styles.chips}>
                            {token.scopes.map((scope) => (
                              <li key={scope}>
                                <code>{scope}</code>
                              </li>
                            ))}
                          </ul>
                        </td>
                        <td data-label="Created" className={styles.nowrap}>
                          <When iso={token.createdAt} />
                        </td>
                        <td data-label="Expires" className={styles.nowrap}>
                          {token.expiresAt ? <When iso={token.expiresAt} /> : 'never'}
                        </td>
                        <td data-label="Last used" className={styles.nowrap}>
                          {token.lastUsedAt ? (
                            <When iso={token.lastUsedAt} />
                          ) : (
                            <span className="muted">never</span>
                          )}
                        </td>
                        <td data-label="Status">
                          {STATUS_LABEL[status]}
                          {token.revokedAt ? (
                            <>
                              {' '}
                              <When iso={token.revokedAt} />
                            </>
                          ) : null}
                        </td>
                        <td>
                          {status === 'active' ? (
                            <RevokeTokenButton
                              action={revokeToken.bind(null, token.id)}
                              label={token.label}
                            />
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section className={`panel ${styles.formPanel}`} aria-labelledby="create-token-heading">
          <h2 id="create-token-heading" className={styles.panelTitle}>
            Create a token
          </h2>
          <CreateTokenForm action={createToken} scopes={user.scopes} />
        </section>
      </div>

      <section className="panel section" aria-labelledby="token-usage-heading">
        <h2 id="token-usage-heading" className={styles.panelTitle}>
          Use it from Python, R or curl
        </h2>
        <p>
          Keep the token out of notebooks: put it in the environment (
          <code>export MESH_TOKEN=mesh_pat_…</code>) and send it as <code>Authorization: Bearer</code>. This
          example lists your latest runs through <code>{endpoints.graphql}</code>, and as a table through{' '}
          <code>{endpoints.export}</code>. Every run in your <Link href="/history">history</Link> has the same
          snippets for its own query.
        </p>
        <NotebookSnippets snippets={tokenUsageSnippets(endpoints)} idPrefix="token" />
      </section>
    </>
  );
}
