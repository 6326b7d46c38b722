import type { JsonLdDocument } from '@/lib/registry';

/**
 * The registry's JSON-LD document embedded in the page, so harvesters and search engines read the FAIR
 * metadata where people read it. `<` is escaped: catalogue text can never close the script element.
 */
export function JsonLdScript({ document }: { document: JsonLdDocument }) {
  const json = JSON.stringify(document).replace(/</g, '\\u003c');
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />;
}
