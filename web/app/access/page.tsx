import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { SignedOutNotice, When } from '@/components/history/common';
import styles from '@/components/history/workspace.module.css';
import {
  myAccessRequests,
  ownedAccessRequests,
  type AccessOutcome,
  type AccessRequest,
} from '@/components/access/access-api';
import { DecideForms } from '@/components/access/decide-forms';
import { RequestAccessForm } from '@/components/access/request-access-form';
import { currentUser } from '@/lib/session';
import { safeNextPath } from '@/lib/safe-next';
import { approveRequest, askForAccess, denyRequest } from './actions';

export const metadata: Metadata = { title: 'Access · FAIR data mesh' };

const STATUS_LABEL = {
  PENDING: 'Pending',
  APPROVED: 'Approved',
  DENIED: 'Denied',
  EXPIRED: 'Expired',
} as const;

function Failure({ outcome }: { outcome: Extract<AccessOutcome<unknown>, { status: 'failed' }> }) {
  return (
    <div className="notice notice--error" role="alert">
      <p>
        <code className="error-code">{outcome.code}</code> {outcome.message}
        {outcome.httpStatus === 401 ? (
          <>
            {' '}
            <Link href="/sign-in?next=/access">Sign in again</Link>.
          </>
        ) : null}
      </p>
    </div>
  );
}

function Decision({ request }: { request: AccessRequest }) {
  return (
    <>
      {STATUS_LABEL[request.status]}
      {request.status === 'APPROVED' && request.expiresAt ? (
        <>
          {' '}
          until <When iso={request.expiresAt} />
        </>
      ) : null}
      {request.decidedBy ? <span className="muted"> by {request.decidedBy}</span> : null}
      {request.reason ? <>: {request.reason}</> : null}
    </>
  );
}

export default async function AccessPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const params = await searchParams;
  const scope = typeof params.scope === 'string' ? params.scope.slice(0, 200) : '';
  const next = typeof params.next === 'string' ? safeNextPath(params.next, 'http://app.invalid') : undefined;
  const user = await currentUser();
  const intro = (
    <>
      <h1>Access</h1>
      <p className="lead">
        Ask a product&apos;s owners for a scope you lack, saying what for. Owners approve for a limited time
        or deny with a reason; an approval applies at once and ends at its expiry.
      </p>
    </>
  );
  if (!user) {
    return (
      <>
        {intro}
        <SignedOutNotice
          what="your access requests"
          next={`/access${scope ? `?scope=${encodeURIComponent(scope)}` : ''}`}
        />
      </>
    );
  }
  const [mine, owned] = await Promise.all([myAccessRequests(), ownedAccessRequests()]);
  const queue = owned.status === 'ok' ? owned.value : undefined;

  return (
    <>
      {intro}
      <div className={`section ${styles.stack}`}>
        <section className="panel" aria-labelledby="mine-heading">
          <h2 id="mine-heading" className={styles.panelTitle}>
            Your requests
          </h2>
          {mine.status !== 'ok' ? (
            <Failure outcome={mine} />
          ) : mine.value.requests.length === 0 ? (
            <p className="notice">No requests yet.</p>
          ) : (
            <div className={`table-scroll ${styles.scroll}`}>
              <table className={`${styles.table} ${styles.responsive}`} data-testid="my-requests">
                <thead>
                  <tr>
                    <th scope="col">Scope</th>
                    <th scope="col">Purpose</th>
                    <th scope="col">Asked</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.value.requests.map((request) => (
                    <tr
                      key={request.id}
                      data-testid="my-request"
                      data-scope={request.scope}
                      data-status={request.status}
                    >
                      <th scope="row">
                        <code>{request.scope}</code>
                      </th>
                      <td data-label="Purpose">{request.purpose}</td>
                      <td data-label="Asked" className={styles.nowrap}>
                        <When iso={request.createdAt} />
                      </td>
                      <td data-label="Status">
                        <Decision request={request} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {next ? (
            <p>
              <Link href={next}>Back to where you asked</Link>
            </p>
          ) : null}
        </section>

        <section id="request" className={`panel ${styles.formPanel}`} aria-labelledby="request-heading">
          <h2 id="request-heading" className={styles.panelTitle}>
            Request access
          </h2>
          <RequestAccessForm action={askForAccess} scope={scope} />
        </section>
      </div>

      {queue && queue.owned.length > 0 ? (
        <section className="panel section" aria-labelledby="queue-heading">
          <h2 id="queue-heading" className={styles.panelTitle}>
            Requests for your products ({queue.owned.join(', ')})
          </h2>
          {queue.requests.length === 0 ? (
            <p className="notice">Nobody has asked yet.</p>
          ) : (
            <div className={`table-scroll ${styles.scroll}`}>
              <table className={`${styles.table} ${styles.responsive}`} data-testid="owner-queue">
                <thead>
                  <tr>
                    <th scope="col">Who</th>
                    <th scope="col">Scope</th>
                    <th scope="col">Purpose</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.requests.map((request) => (
                    <tr
                      key={request.id}
                      data-testid="queued-request"
                      data-subject={request.subject}
                      data-scope={request.scope}
                      data-status={request.status}
                    >
                      <th scope="row">{request.requesterName ?? request.subject}</th>
                      <td data-label="Scope">
                        <code>{request.scope}</code>
                      </td>
                      <td data-label="Purpose">{request.purpose}</td>
                      <td data-label="Status">
                        {request.status === 'PENDING' && request.subject !== user.subject ? (
                          <DecideForms
                            id={request.id}
                            approve={approveRequest.bind(null, request.id)}
                            deny={denyRequest.bind(null, request.id)}
                          />
                        ) : (
                          <Decision request={request} />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}
