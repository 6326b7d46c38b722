import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import {
  GatewayProblem,
  ownerName,
  SignedOutNotice,
  VisibilityBadge,
  When,
} from '@/components/history/common';
import { loadUdat } from '@/components/history/loaders';
import styles from '@/components/history/workspace.module.css';
import { DeleteForm } from '@/components/udats/delete-form';
import { EditUdatForm } from '@/components/udats/edit-udat-form';
import { ForkForm } from '@/components/udats/fork-form';
import { KIND_LABELS } from '@/components/udats/kinds';
import { WithheldNotice } from '@/components/history/withheld-notice';
import { PayloadView } from '@/components/udats/payload-view';
import { currentUser } from '@/lib/session';
import { deleteArtifact, forkArtifact, updateArtifact } from './actions';

export const metadata: Metadata = { title: 'Saved artifact · FAIR data mesh' };

export default async function UdatPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ forked?: string }>;
}) {
  await connection();
  const [{ id }, { forked }, user] = await Promise.all([params, searchParams, currentUser()]);
  const path = `/udats/${encodeURIComponent(id)}`;
  if (!user) {
    return (
      <>
        <h1>Saved artifact</h1>
        <SignedOutNotice what="this saved artifact" next={path} />
      </>
    );
  }
  const outcome = await loadUdat(id);
  if (outcome.status !== 'ok') {
    return (
      <>
        <h1>Saved artifact</h1>
        <GatewayProblem outcome={outcome} title="Could not load this artifact." />
      </>
    );
  }
  const udat = outcome.data.udat;
  if (!udat) notFound();

  return (
    <>
      <p>
        <Link href="/udats">← Saved artifacts</Link>
      </p>
      {forked ? (
        <p className="notice" role="status" data-testid="udat-forked">
          This is your private copy{udat.forkedFrom ? ` of “${udat.forkedFrom.name}”` : ''}.
        </p>
      ) : null}
      <header className={styles.header}>
        <h1 data-testid="udat-name">{udat.name}</h1>
        <span>
          <span className={styles.badge}>{KIND_LABELS[udat.kind]}</span>{' '}
          <VisibilityBadge visibility={udat.visibility} />
        </span>
      </header>
      {udat.description ? <p className="lead">{udat.description}</p> : null}

      <dl className={styles.facts} aria-label="About this artifact">
        <div>
          <dt>Version</dt>
          <dd data-testid="udat-version">{udat.version}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{udat.viewerIsOwner ? `${ownerName(udat.owner)} (you)` : ownerName(udat.owner)}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <When iso={udat.createdAt} />
          </dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>
            <When iso={udat.updatedAt} />
          </dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>{udat.tags.length > 0 ? udat.tags.join(', ') : <span className="muted">none</span>}</dd>
        </div>
        <div>
          <dt>Saved from</dt>
          <dd>
            {udat.source ? (
              <Link href={`/history/${encodeURIComponent(udat.source.id)}`} data-testid="udat-source">
                {udat.source.title}
              </Link>
            ) : (
              <span className="muted">no run you can see</span>
            )}
          </dd>
        </div>
        {udat.forkedFrom ? (
          <div>
            <dt>Forked from</dt>
            <dd>
              <Link href={`/udats/${encodeURIComponent(udat.forkedFrom.id)}`}>{udat.forkedFrom.name}</Link>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Id</dt>
          <dd>
            <code>{udat.id}</code>
          </dd>
        </div>
      </dl>

      <div className={`section ${styles.layout}`}>
        <section className="panel" aria-labelledby="content-heading">
          <h2 id="content-heading" className={styles.panelTitle}>
            Content
          </h2>
          {udat.access.readable ? (
            <PayloadView kind={udat.kind} payload={udat.payload} cohortId={udat.cohortId} />
          ) : (
            <WithheldNotice access={udat.access} lineage={udat.lineage} />
          )}
        </section>

        <div className={styles.stack}>
          {udat.viewerIsOwner ? (
            <section className="panel" aria-labelledby="edit-heading">
              <h2 id="edit-heading" className={styles.panelTitle}>
                Edit
              </h2>
              <EditUdatForm
                action={updateArtifact.bind(null, udat.id)}
                udat={{
                  name: udat.name,
                  description: udat.description,
                  tags: udat.tags,
                  visibility: udat.visibility,
                  version: udat.version,
                }}
              />
            </section>
          ) : null}

          <section className="panel" aria-labelledby="fork-heading">
            <h2 id="fork-heading" className={styles.panelTitle}>
              Fork
            </h2>
            <ForkForm action={forkArtifact.bind(null, udat.id)} originalName={udat.name} />
          </section>

          <section className="panel" aria-labelledby="udat-export-heading">
            <h2 id="udat-export-heading" className={styles.panelTitle}>
              Export
            </h2>
            <ul className={styles.exportLinks}>
              <li>
                <a
                  className={styles.linkButton}
                  href={`${path}/ro-crate`}
                  download
                  data-testid="udat-ro-crate-link"
                >
                  RO-Crate metadata
                </a>
              </li>
              <li>
                <a className={styles.linkButton} href={`${path}/csv`} download data-testid="udat-csv-link">
                  CSV
                </a>
              </li>
            </ul>
          </section>

          {udat.viewerIsOwner ? (
            <section className="panel" aria-labelledby="delete-heading">
              <h2 id="delete-heading" className={styles.panelTitle}>
                Delete
              </h2>
              <DeleteForm action={deleteArtifact.bind(null, udat.id)} name={udat.name} />
            </section>
          ) : null}
        </div>
      </div>
    </>
  );
}
