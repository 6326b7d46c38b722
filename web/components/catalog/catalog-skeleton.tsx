import styles from './catalog.module.css';

/** Placeholder bars while a catalogue page streams in; announced once as a status. */
export function CatalogSkeleton({ label, blocks = 3 }: { label: string; blocks?: number }) {
  return (
    <div className={styles.skeleton} aria-busy="true">
      <p role="status" className="muted">
        {label}
      </p>
      <div className={styles.skeletonLine} style={{ width: '40%' }} aria-hidden="true" />
      <div className={styles.skeletonLine} style={{ width: '75%' }} aria-hidden="true" />
      {Array.from({ length: blocks }, (_, index) => (
        <div key={index} className={styles.skeletonBlock} aria-hidden="true" />
      ))}
    </div>
  );
}
