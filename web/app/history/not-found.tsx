import Link from 'next/link';

export default function RunNotFound() {
  return (
    <>
      <h1>Run not found</h1>
      <div className="notice" data-testid="not-found">
        <p>
          No run with this id is visible to you: it does not exist, or its owner has not shared it with you.
        </p>
        <p>
          <Link href="/history">Back to your history</Link>
        </p>
      </div>
    </>
  );
}
