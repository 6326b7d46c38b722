import Form from 'next/form';
import type { CatalogFilters } from './catalog-filters';
import styles from './catalog.module.css';

/**
 * A GET form to `/catalog?q=…`: works without JavaScript, and `next/form` turns it into a client-side
 * navigation when it is there. Active facets ride along as hidden fields, so a new query keeps them.
 */
export function CatalogSearchForm({ filters }: { filters: CatalogFilters }) {
  return (
    <Form action="/catalog" role="search" aria-label="Catalogue" className={styles.searchForm}>
      <div className="field">
        <label htmlFor="catalog-query">Search the catalogue</label>
        <input
          id="catalog-query"
          name="q"
          type="search"
          defaultValue={filters.query}
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          aria-describedby="catalog-query-hint"
        />
      </div>
      {filters.domain ? <input type="hidden" name="domain" value={filters.domain} /> : null}
      {filters.tag ? <input type="hidden" name="tag" value={filters.tag} /> : null}
      <button type="submit" className="button button--primary">
        Search
      </button>
      <p id="catalog-query-hint" className={styles.hint}>
        Products, types, fields, analysis apps, descriptions, tags, keywords and owners, e.g.{' '}
        <code>survival</code>, <code>gene expression</code> or <code>Patient.age</code>.
      </p>
    </Form>
  );
}
