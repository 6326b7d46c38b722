import { spdxUrl, type CatalogMetadata } from './catalog-metadata';

/**
 * JSON-LD for the catalogue: each product is both a schema.org `Dataset` (what dataset search engines read)
 * and a DCAT `Dataset` (what research data catalogues harvest), with one `Distribution`: the gateway's
 * GraphQL endpoint. Identifiers are the registry's resolvable URLs.
 */
export const JSON_LD_CONTEXT = {
  '@vocab': 'https://schema.org/',
  schema: 'https://schema.org/',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  prov: 'http://www.w3.org/ns/prov#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

/** The shared context plus `mesh:` for the mesh's own terms (data version, git commit). */
export const jsonLdContext = (links: CatalogLinks) => ({
  ...JSON_LD_CONTEXT,
  mesh: `${links.publicUrl}/ns#`,
});

export interface CatalogLinks {
  /** Base of persistent identifiers, e.g. https://registry.example.org */
  publicUrl: string;
  gatewayUrl: string;
  publisher: string;
}

export interface ProductRecord {
  name: string;
  status: 'active' | 'retired';
  currentVersion: string;
  currentDataVersion: string | null;
  catalog: CatalogMetadata;
  registeredAt: string;
  updatedAt: string;
}

export interface ReleaseRecord {
  version: string;
  dataVersion: string;
  publishedAt: string;
  gitCommit: string | null;
  catalog: CatalogMetadata;
}

export const productIri = (links: CatalogLinks, name: string) =>
  `${links.publicUrl}/products/${encodeURIComponent(name)}`;
export const versionIri = (links: CatalogLinks, name: string, version: string) =>
  `${productIri(links, name)}/versions/${encodeURIComponent(version)}`;

function contact(catalog: CatalogMetadata) {
  if (!catalog.owner) return {};
  const { team, contact: address } = catalog.owner;
  const isUrl = /^https?:\/\//.test(address);
  return {
    'dcat:contactPoint': {
      '@type': 'vcard:Organization',
      'vcard:fn': team,
      ...(isUrl
        ? { 'vcard:hasURL': { '@id': address } }
        : { 'vcard:hasEmail': { '@id': `mailto:${address}` } }),
    },
    creator: { '@type': 'Organization', name: team, ...(isUrl ? { url: address } : { email: address }) },
  };
}

function distribution(links: CatalogLinks, schemaUrl: string) {
  return {
    '@type': ['dcat:Distribution', 'DataDownload'],
    name: 'GraphQL API (federated gateway)',
    'dcat:accessURL': { '@id': links.gatewayUrl },
    contentUrl: links.gatewayUrl,
    encodingFormat: 'application/graphql-response+json',
    'dct:format': 'application/graphql-response+json',
    'dct:conformsTo': { '@id': 'https://spec.graphql.org/' },
    'dcat:accessService': {
      '@type': 'dcat:DataService',
      'dcat:endpointURL': { '@id': links.gatewayUrl },
      'dcat:endpointDescription': { '@id': schemaUrl },
    },
  };
}

/** The metadata both the product page and a version page share. */
function datasetCore(links: CatalogLinks, name: string, catalog: CatalogMetadata, version: string) {
  const keywords = [...new Set([...catalog.tags, ...catalog.keywords])];
  const license = spdxUrl(catalog.license);
  return {
    '@type': ['dcat:Dataset', 'Dataset'],
    name: catalog.title,
    'dct:title': catalog.title,
    description: catalog.description,
    'dct:description': catalog.description,
    version,
    'dcat:version': version,
    license,
    'dct:license': { '@id': license },
    // EU access-right vocabulary: PUBLIC, or RESTRICTED (a scope is needed).
    conditionsOfAccess:
      catalog.visibility === 'public'
        ? 'Open to every caller.'
        : 'Restricted: needs a mesh account with the product read scope.',
    'dct:accessRights': {
      '@id': `http://publications.europa.eu/resource/authority/access-right/${
        catalog.visibility === 'public' ? 'PUBLIC' : 'RESTRICTED'
      }`,
    },
    publisher: { '@type': 'Organization', name: links.publisher },
    'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': links.publisher },
    keywords,
    'dcat:keyword': keywords,
    ...(catalog.domain ? { about: catalog.domain, 'dct:subject': catalog.domain } : {}),
    ...contact(catalog),
    isBasedOn: catalog.dataSources.map((source) => ({
      '@type': 'CreativeWork',
      name: source.name,
      version: source.version,
      ...(source.url ? { '@id': source.url, url: source.url } : {}),
      ...(source.description ? { description: source.description } : {}),
    })),
    'prov:wasDerivedFrom': catalog.dataSources.map((source) =>
      source.url ? { '@id': source.url } : { 'dct:title': `${source.name} ${source.version}` },
    ),
    subjectOf: catalog.documentation.map((doc) => ({ '@type': 'WebPage', name: doc.title, url: doc.url })),
    'foaf:page': catalog.documentation.map((doc) => ({ '@id': doc.url })),
    isAccessibleForFree: true,
    distribution: [] as unknown[],
    'dcat:distribution': [] as unknown[],
  };
}

export function productJsonLd(
  links: CatalogLinks,
  product: ProductRecord,
  versions: readonly string[],
  options: { withContext?: boolean } = {},
) {
  const id = productIri(links, product.name);
  const core = datasetCore(links, product.name, product.catalog, product.currentVersion);
  const dist = distribution(
    links,
    `${versionIri(links, product.name, product.currentVersion)}/schema.graphql`,
  );
  return {
    ...(options.withContext === false ? {} : { '@context': jsonLdContext(links) }),
    '@id': id,
    ...core,
    identifier: id,
    'dct:identifier': id,
    url: id,
    dateCreated: product.registeredAt,
    'dct:issued': { '@value': product.registeredAt, '@type': 'xsd:dateTime' },
    dateModified: product.updatedAt,
    'dct:modified': { '@value': product.updatedAt, '@type': 'xsd:dateTime' },
    creativeWorkStatus: product.status,
    ...(product.currentDataVersion ? { 'mesh:dataVersion': product.currentDataVersion } : {}),
    distribution: [dist],
    'dcat:distribution': [dist],
    hasPart: versions.map((version) => ({ '@id': versionIri(links, product.name, version) })),
    'dcat:hasVersion': versions.map((version) => ({ '@id': versionIri(links, product.name, version) })),
  };
}

export function versionJsonLd(
  links: CatalogLinks,
  product: ProductRecord,
  release: ReleaseRecord,
  dataVersions: readonly string[],
) {
  const id = versionIri(links, product.name, release.version);
  const dist = distribution(links, `${id}/schema.graphql`);
  return {
    '@context': jsonLdContext(links),
    '@id': id,
    ...datasetCore(links, product.name, release.catalog, release.version),
    identifier: id,
    'dct:identifier': id,
    url: id,
    datePublished: release.publishedAt,
    'dct:issued': { '@value': release.publishedAt, '@type': 'xsd:dateTime' },
    isPartOf: { '@id': productIri(links, product.name) },
    'dct:isVersionOf': { '@id': productIri(links, product.name) },
    'mesh:dataVersion': release.dataVersion || null,
    'prov:generatedAtTime': release.publishedAt,
    ...(release.gitCommit ? { 'mesh:gitCommit': release.gitCommit } : {}),
    // Every data snapshot served under this product version, oldest first (mesh-specific term).
    'mesh:dataVersions': dataVersions,
    distribution: [dist],
    'dcat:distribution': [dist],
  };
}

export function catalogJsonLd(
  links: CatalogLinks,
  products: readonly { product: ProductRecord; versions: string[] }[],
) {
  const id = `${links.publicUrl}/catalog`;
  const datasets = products.map(({ product, versions }) =>
    productJsonLd(links, product, versions, { withContext: false }),
  );
  return {
    '@context': jsonLdContext(links),
    '@id': id,
    '@type': ['dcat:Catalog', 'DataCatalog'],
    name: `${links.publisher} data products`,
    'dct:title': `${links.publisher} data products`,
    description: 'The data products of the mesh, each a federated GraphQL API behind one gateway.',
    'dct:description': 'The data products of the mesh, each a federated GraphQL API behind one gateway.',
    identifier: id,
    'dct:identifier': id,
    publisher: { '@type': 'Organization', name: links.publisher },
    'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': links.publisher },
    dataset: datasets,
    'dcat:dataset': datasets,
    'dcat:service': {
      '@type': 'dcat:DataService',
      'dcat:endpointURL': { '@id': links.gatewayUrl },
      'dct:conformsTo': { '@id': 'https://spec.graphql.org/' },
    },
  };
}
