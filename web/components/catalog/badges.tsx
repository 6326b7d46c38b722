import styles from './catalog.module.css';

/** Public or private: who may read the product's data through the gateway. */
export function VisibilityBadge({ visibility }: { visibility: string }) {
  const isPublic = visibility === 'public';
  return (
    <span className={styles.visibility} data-visibility={isPublic ? 'public' : 'private'}>
      {isPublic ? 'Public' : 'Private'}
    </span>
  );
}

/** Shown only for products taken out of the supergraph: their catalogue entry and history stay. */
export function StatusBadge({ status }: { status: string }) {
  if (status === 'active') return null;
  return <span className={styles.retired}>{status === 'retired' ? 'Retired' : status}</span>;
}
