import styles from '../apps.module.css';

export default function Loading() {
  return (
    <div className={styles.loading} role="status" aria-live="polite">
      <div className={styles.skeletonTitle} aria-hidden="true" />
      <div className={styles.skeletonLine} aria-hidden="true" />
      <div className={styles.skeletonPanel} aria-hidden="true" />
      <span className="visually-hidden">Loading the app and its form…</span>
    </div>
  );
}
