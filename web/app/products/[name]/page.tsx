import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { StatusBadge, VisibilityBadge } from '@/components/catalog/badges';
import { catalogHref } from '@/components/catalog/catalog-filters';
import { CatalogSkeleton } from '@/components/catalog/catalog-skeleton';
import { contactHref, formatTimestamp, safeHttpUrl } from '@/components/catalog/catalog-text';
import { JsonLdScript } from '@/components/catalog/json-ld-script';
import { ProductApps } from '@/components/catalog/product-apps';
import { ProductSources } from '@/components/catalog/product-sources';
import { ProductStatus } from '@/components/catalog/product-status';
import { RegistryProblem } from '@/components/catalog/registry-problem';
import { SchemaDocs } from '@/components/catalog/schema-docs';
import { VersionHistory } from '@/components/catalog/version-history';
import catalogStyles from '@/components/catalog/catalog.module.css';
import styles from '@/components/catalog/product.module.css';
import { CopyButton } from '@/components/copy-button';
import { shortDataVersion } from '@/lib/data-version';
import { getProductJsonLd, type CatalogProduct } from '@/lib/registry';
import { RequestAccessLinks } from '@/components/access/request-access-links';
import { currentUser } from '@/lib/session';
import { loadProduct } from './product-data';

interface ProductPageProps {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: ProductPageProps): Promise<Metadata> {
  const { name } = await params;
  const result = await loadProduct(name);
  if (result.status !== 'ok' || !result.data) return { title: `${name} · FAIR data mesh` };
  const { catalog } = result.data;
  return { title: `${catalog.title} (${name}) · FAIR data mesh`, description: catalog.description };
}

const SECTIONS = [
  { id: 'access', title: 'Access' },
  { id: 'status', title: 'Status' },
  { id: 'apps', title: 'Apps' },
  { id: 'sources', title: 'Sources and documentation' },
  { id: 'history', title: 'Version history' },
  { id: 'schema', title: 'Schema' },
  { id: 'fair', title: 'FAIR metadata' },
] as const;

type SectionId = (typeof SECTIONS)[number]['id'];

function Section({ id, children }: { id: SectionId; children: ReactNode }) {
  const title = SECTIONS.find((section) => section.id === id)?.title;
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className={`section ${styles.section}`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

function Owner({ product }: { product: CatalogProduct }) {
  const owner = product.catalog.owner;
  if (!owner) return <span className="muted">not stated</span>;
  const href = contactHref(owner.contact);
  return (
    <>
      {owner.team}
      <br />
      {href ? <a href={href}>{owner.contact}</a> : <span>{owner.contact}</span>}
    </>
  );
}

function ProductFacts({ product }: { product: CatalogProduct }) {
  const { catalog } = product;
  const licenseHref = safeHttpUrl(catalog.licenseUrl);
  return (
    <dl className={`facts ${styles.facts}`} data-testid="product-facts">
      <div>
        <dt>Owner</dt>
        <dd data-field="owner">
          <Owner product={product} />
        </dd>
      </div>
      <div>
        <dt>License</dt>
        <dd data-field="license">
          {licenseHref ? (
            <a href={licenseHref} title="SPDX license text">
              {catalog.license}
            </a>
          ) : (
            catalog.license
          )}{' '}
          <span className="muted">(SPDX)</span>
        </dd>
      </div>
      <div>
        <dt>Domain</dt>
        <dd>
          {catalog.domain ? (
            <Link href={catalogHref({ domain: catalog.domain })}>{catalog.domain}</Link>
          ) : (
            <span className="muted">not stated</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Current version</dt>
        <dd data-field="version">{product.currentVersion}</dd>
      </div>
      <div>
        <dt>Data version</dt>
        <dd className="facts__data-version">
          {product.currentDataVersion ? (
            <>
              <code title={product.currentDataVersion}>{shortDataVersion(product.currentDataVersion)}</code>
              <CopyButton value={product.currentDataVersion} label={`data version of ${product.name}`} />
            </>
          ) : (
            <span className="muted">not recorded</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Registered</dt>
        <dd>{formatTimestamp(product.registeredAt)}</dd>
      </div>
      <div>
        <dt>Updated</dt>
        <dd>{formatTimestamp(product.updatedAt)}</dd>
      </div>
    </dl>
  );
}

async function Access({ product }: { product: CatalogProduct }) {
  const isPublic = product.catalog.visibility === 'public';
  const read = `${product.name}:read`;
  // Signed in without the read scope: ask the product's owners for it instead of signing in again.
  const user = isPublic ? null : await currentUser();
  const lacksRead = user !== null && !user.scopes.includes(read);
  return (
    <div data-testid="product-access">
      <p className={styles.status}>
        <VisibilityBadge visibility={product.catalog.visibility} />
        {isPublic ? (
          <span>Open to every caller: anyone may query its data through the gateway, signed in or not.</span>
        ) : (
          <span>
            Reading its data needs the <code>{read}</code> scope.{' '}
            {lacksRead ? (
              'You do not have it: request it from the owners.'
            ) : user ? null : (
              <>
                <Link href="/sign-in">Sign in</Link> with a role that grants it.
              </>
            )}
          </span>
        )}
      </p>
      {lacksRead ? <RequestAccessLinks scopes={[read]} next={`/products/${product.name}`} /> : null}
      <p className="muted">
        The metadata on this page is public either way: findable and accessible without an account.
      </p>
    </div>
  );
}

function TermList({ label, terms, linkTags }: { label: string; terms: string[]; linkTags?: boolean }) {
  if (terms.length === 0) return <span className="muted">none</span>;
  return (
    <ul className={styles.inlineList} aria-label={label}>
      {terms.map((term) => (
        <li key={term}>
          {linkTags ? (
            <Link className={catalogStyles.tag} href={catalogHref({ tag: term })}>
              {term}
            </Link>
          ) : (
            <span className={catalogStyles.tag}>{term}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

export default async function ProductPage({ params }: ProductPageProps) {
  const { name } = await params;
  const [result, jsonLd] = await Promise.all([loadProduct(name), getProductJsonLd(name)]);

  if (result.status !== 'ok') {
    return (
      <>
        <h1>
          Data product <code>{name}</code>
        </h1>
        <RegistryProblem failure={result} title="The product’s catalogue entry could not be loaded." />
      </>
    );
  }
  const product = result.data;
  // The layout answers 404 before streaming; this covers a product removed between the two reads.
  if (!product) notFound();
  const { catalog } = product;
  const identifier = safeHttpUrl(product.identifier);

  return (
    <>
      {jsonLd.status === 'ok' && jsonLd.data ? <JsonLdScript document={jsonLd.data} /> : null}

      <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
        <ol>
          <li>
            <Link href="/catalog">Catalogue</Link>
          </li>
          <li aria-current="page">{catalog.title}</li>
        </ol>
      </nav>

      <header>
        <div className={styles.titleRow}>
          <h1>{catalog.title}</h1>
          <span className={catalogStyles.badges}>
            <StatusBadge status={product.status} />
            <VisibilityBadge visibility={catalog.visibility} />
          </span>
        </div>
        <p className={styles.subtitle}>
          <code>{product.name}</code> · version {product.currentVersion}
        </p>
        <p className="lead">{catalog.description || 'No description yet.'}</p>
      </header>

      <ProductFacts product={product} />

      <nav aria-label="On this page" className={styles.contents}>
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`}>{section.title}</a>
            </li>
          ))}
        </ul>
      </nav>

      <Section id="access">
        <Access product={product} />
      </Section>

      <Section id="status">
        <Suspense fallback={<CatalogSkeleton label="Asking the gateway…" blocks={0} />}>
          <ProductStatus name={product.name} registryVersion={product.currentVersion} />
        </Suspense>
      </Section>

      <Section id="apps">
        <ProductApps apps={catalog.apps} productTitle={catalog.title} />
      </Section>

      <Section id="sources">
        <ProductSources dataSources={catalog.dataSources} documentation={catalog.documentation} />
      </Section>

      <Section id="history">
        <Suspense fallback={<CatalogSkeleton label="Loading the version history…" blocks={1} />}>
          <VersionHistory product={product} />
        </Suspense>
      </Section>

      <Section id="schema">
        <Suspense fallback={<CatalogSkeleton label="Loading the schema…" blocks={2} />}>
          <SchemaDocs name={product.name} version={product.currentVersion} identifier={product.identifier} />
        </Suspense>
      </Section>

      <Section id="fair">
        <dl className={`facts ${styles.facts}`}>
          <div>
            <dt>Persistent identifier</dt>
            <dd>{identifier ? <a href={identifier}>{product.identifier}</a> : product.identifier}</dd>
          </div>
          <div>
            <dt>Tags</dt>
            <dd>
              <TermList label="Tags" terms={catalog.tags} linkTags />
            </dd>
          </div>
          <div>
            <dt>Keywords</dt>
            <dd>
              <TermList label="Keywords" terms={catalog.keywords} />
            </dd>
          </div>
        </dl>
        {jsonLd.status === 'ok' && jsonLd.data ? (
          <p className="muted">
            This page embeds the registry’s JSON-LD description of the product (DCAT and schema.org{' '}
            <code>Dataset</code>), so catalogue harvesters and dataset search engines read the same metadata;
            the identifier above resolves to it.
          </p>
        ) : jsonLd.status === 'ok' ? (
          <p className="muted">The registry has no JSON-LD document for this product.</p>
        ) : (
          <RegistryProblem failure={jsonLd} title="The product’s JSON-LD document could not be loaded." />
        )}
      </Section>
    </>
  );
}
