import Link from 'next/link';

export default function UdatNotFound() {
  return (
    <>
      <h1>Artifact not found</h1>
      <div className="notice" data-testid="not-found">
        <p>
          No saved artifact with this id is visible to you: it does not exist, it was deleted, or its owner
          has not shared it with you.
        </p>
        <p>
          <Link href="/udats">Back to saved artifacts</Link>
        </p>
      </div>
    </>
  );
}
