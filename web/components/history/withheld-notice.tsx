import { RequestAccessLinks } from '@/components/access/request-access-links';
import { withheldSentence, type ContentAccess, type Lineage } from '@/lib/workspace';

/**
 * What a page shows instead of content its viewer may not read: the products it was computed from and the
 * scopes it needs, as a plain sentence (no value of the content reaches the page: the workspace withheld it).
 */
export function WithheldNotice({ access, lineage }: { access: ContentAccess; lineage: Lineage }) {
  const products = lineage.products.map((product) => product.name);
  return (
    <div className="notice" role="note" data-testid="content-withheld">
      <p className="notice__title">
        {products.length > 0
          ? `Computed from ${products.join(', ')}: not shown to you.`
          : 'Not shown to you.'}
      </p>
      <p>{withheldSentence(access)}</p>
      <RequestAccessLinks scopes={access.missingScopes} />
    </div>
  );
}
