import { accessOf, lineageMessage, type ContentAccess, type Lineage } from '../lineage';
import type { WorkspaceContext } from './context';

/** What the caller may read of content with this lineage, by the scopes of the signed identity NOW. */
export function contentAccess(lineage: Lineage, { caller }: WorkspaceContext): ContentAccess {
  return accessOf(lineage, caller.scopes);
}

/**
 * `Udat.payload` is `JSON!` (kept non-null: a nullable payload would be a breaking change for every client
 * selecting it, and a null there would null the whole artifact, metadata included). Withheld content is
 * this marker instead — it holds no byte of the content — and `Udat.access` says the same in fields.
 */
export function withheldMarker(lineage: Lineage, access: ContentAccess) {
  return {
    withheld: 'LINEAGE_ACCESS',
    message: lineageMessage(lineage, access),
    requiredScopes: access.missingScopes,
  };
}
