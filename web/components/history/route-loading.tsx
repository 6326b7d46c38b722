/** The loading state of the history, UDAT and token pages. */
export function RouteLoading({ what }: { what: string }) {
  return (
    <p role="status" aria-live="polite" className="muted">
      Loading {what}…
    </p>
  );
}
