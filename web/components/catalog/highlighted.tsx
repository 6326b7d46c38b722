import { highlightTerms } from './catalog-text';

/** Text with the query's terms wrapped in `<mark>` (read out as plain text by screen readers). */
export function Highlighted({ text, terms }: { text: string; terms: readonly string[] }) {
  return (
    <>
      {highlightTerms(text, terms).map((part, index) =>
        part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
      )}
    </>
  );
}
