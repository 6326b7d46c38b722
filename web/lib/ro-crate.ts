import type { ProductVersion, UdatKind, Visibility, WorkspaceUser } from './workspace';

/**
 * RO-Crate 1.2 metadata (pure) for a recorded run or a saved artifact: one flattened, compacted JSON-LD
 * document (`ro-crate-metadata.json`) with the run as a `CreateAction` that is also a `prov:Activity` — who
 * ran it (`agent`), with which app and product versions (`instrument`), on which inputs and data snapshots
 * (`object`), and what it produced (`result`, with its hash). Every term is defined by the RO-Crate 1.2
 * context, which the crate uses by reference alone: schema.org terms, `sha256`, and the `prov:` prefix whose
 * terms repeat the links for PROV-O readers. The result and CSV are web-based data entities (absolute URLs of
 * this app) listed in the root's `hasPart`, so the crate is complete as a single metadata file.
 */

export const RO_CRATE_CONTEXT = 'https://w3id.org/ro/crate/1.2/context';
export const RO_CRATE_PROFILE = 'https://w3id.org/ro/crate/1.2';
export const METADATA_FILE = 'ro-crate-metadata.json';

export interface CrateEntity {
  '@id': string;
  '@type': string | string[];
  [property: string]: unknown;
}

export interface RoCrate {
  '@context': typeof RO_CRATE_CONTEXT;
  '@graph': CrateEntity[];
}

/** What a crate needs of a run; operation and variables are absent when only a summary is visible. */
export interface CrateRun {
  id: string;
  kind: 'APP_RUN' | 'QUERY';
  app: string | null;
  title: string;
  owner: WorkspaceUser;
  createdAt: string;
  products: ProductVersion[];
  resultHash: string | null;
  visibility: Visibility;
  parentId: string | null;
  tags: string[];
  operation?: string;
  operationName?: string | null;
  variables?: Record<string, unknown>;
  supergraphId?: string | null;
}

export interface CrateUdat {
  id: string;
  kind: UdatKind;
  name: string;
  description: string | null;
  tags: string[];
  owner: WorkspaceUser;
  visibility: Visibility;
  version: number;
  createdAt: string;
  updatedAt: string;
  cohortId: string | null;
  source: CrateRun | null;
  forkedFrom: { id: string; name: string } | null;
}

export interface CrateOptions {
  /** This web app's origin (e.g. http://localhost:3000): data entities are its export URLs. */
  webOrigin: string;
  /** The gateway's public /graphql URL, where the operation can be sent again. */
  gatewayUrl: string;
  /** Product name → licence (SPDX id or URL), from each product's `DataProduct.license`. */
  licenses?: Record<string, string>;
}

const ref = (id: string) => ({ '@id': id });
/** A recorded run has finished: the platform records a run once it has produced a result. */
const COMPLETED = 'http://schema.org/CompletedActionStatus';

/** A fragment-safe slug for local ids: `sha256:ab…` → `sha256-ab…`. */
function slug(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '-');
}

/** SPDX ids become their spdx.org URL (as RO-Crate recommends); URLs stay; anything else a local id. */
export function licenseId(license: string): string {
  if (/^https?:\/\//i.test(license)) return license;
  if (/^[A-Za-z0-9][A-Za-z0-9.+-]*$/.test(license)) return `https://spdx.org/licenses/${license}`;
  return `#license-${slug(license)}`;
}

/** Collects entities by @id; the first description of an id wins, so shared entities appear once. */
class Graph {
  private readonly entities = new Map<string, CrateEntity>();

  add(entity: CrateEntity): string {
    if (!this.entities.has(entity['@id'])) this.entities.set(entity['@id'], entity);
    return entity['@id'];
  }

  list(): CrateEntity[] {
    return [...this.entities.values()];
  }
}

function addDescriptor(graph: Graph): void {
  graph.add({
    '@id': METADATA_FILE,
    '@type': 'CreativeWork',
    conformsTo: ref(RO_CRATE_PROFILE),
    about: ref('./'),
  });
}

function addPerson(graph: Graph, owner: WorkspaceUser): string {
  return graph.add({
    '@id': `#person-${slug(owner.subject)}`,
    '@type': 'Person',
    name: owner.name ?? owner.subject,
    identifier: owner.subject,
  });
}

/** A licence as a contextual entity with a name and description, as RO-Crate 1.2 asks of `license`. */
function addLicense(graph: Graph, license: string): string {
  const id = licenseId(license);
  const description = id.startsWith('https://spdx.org/licenses/')
    ? `The ${license} licence, as identified in the SPDX License List (${id}).`
    : id.startsWith('#')
      ? `The licence as the data product states it: ${license}`
      : `The licence published at ${license}.`;
  return graph.add({ '@id': id, '@type': 'CreativeWork', name: license, identifier: license, description });
}

/** Licence entities for the products' licences; the unspecified one when none is known. */
function addLicenses(graph: Graph, products: readonly ProductVersion[], options: CrateOptions): string[] {
  const names = [...new Set(products.map((product) => options.licenses?.[product.name]).filter(Boolean))];
  if (names.length === 0) {
    return [
      graph.add({
        '@id': '#license-unspecified',
        '@type': 'CreativeWork',
        name: 'No licence recorded',
        description: "The products did not state a licence here: see each product's catalogue entry.",
      }),
    ];
  }
  return (names as string[]).sort().map((name) => addLicense(graph, name));
}

const oneOrMany = (ids: string[]) => (ids.length === 1 ? ref(ids[0]!) : ids.map(ref));

/** A JSON value as a PropertyValue `value`: scalars as they are, structures as JSON text. */
function propertyValue(value: unknown): string | number | boolean {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value ?? null);
}

interface RunEntities {
  actionId: string;
  resultId: string | null;
}

/** The run as a CreateAction with its agent, instruments, inputs and result. */
function addRun(graph: Graph, run: CrateRun, options: CrateOptions): RunEntities {
  const person = addPerson(graph, run.owner);
  const runUrl = `${options.webOrigin}/history/${encodeURIComponent(run.id)}`;

  const productIds = new Map<string, string>();
  const datasetIds: string[] = [];
  for (const product of run.products) {
    const productId = graph.add({
      '@id': `#product-${slug(product.name)}-${slug(product.version)}`,
      '@type': 'SoftwareApplication',
      name: product.name,
      version: product.version,
      description: `The ${product.name} data product (code and schema version ${product.version}).`,
    });
    productIds.set(product.name, productId);
    const license = options.licenses?.[product.name];
    datasetIds.push(
      graph.add({
        '@id': `#data-${slug(product.name)}-${slug(product.dataVersion)}`,
        '@type': 'Dataset',
        name: `${product.name} data snapshot`,
        identifier: product.dataVersion,
        version: product.dataVersion,
        description: `The snapshot ${product.name} ${product.version} served (its DataProduct.dataVersion).`,
        ...(license ? { license: ref(licenseId(license)) } : {}),
      }),
    );
    if (license) addLicense(graph, license);
  }

  const gateway = graph.add({
    '@id': '#mesh-gateway',
    '@type': 'SoftwareApplication',
    name: 'FAIR data mesh gateway',
    url: options.gatewayUrl,
    description:
      'Federates the data products into one GraphQL supergraph; version is the registry supergraph id it served.',
    ...(run.supergraphId ? { version: run.supergraphId } : {}),
  });
  const instruments: string[] = [];
  if (run.app) {
    const productName = run.app.split('.')[0] ?? '';
    const owningProduct = productIds.get(productName);
    instruments.push(
      graph.add({
        '@id': `#app-${slug(run.app)}`,
        '@type': 'SoftwareApplication',
        name: run.app,
        description: `The ${run.app} analysis app.`,
        ...(owningProduct ? { isPartOf: ref(owningProduct) } : {}),
      }),
    );
  }
  instruments.push(gateway, ...productIds.values());

  const inputs: string[] = [];
  if (run.operation !== undefined) {
    const language = graph.add({
      '@id': '#graphql',
      '@type': 'ComputerLanguage',
      name: 'GraphQL',
      url: 'https://spec.graphql.org/',
    });
    inputs.push(
      graph.add({
        '@id': `#operation-${slug(run.id)}`,
        '@type': 'SoftwareSourceCode',
        name: run.operationName ?? 'GraphQL operation',
        programmingLanguage: ref(language),
        encodingFormat: 'application/graphql',
        text: run.operation,
      }),
    );
  }
  for (const [name, value] of Object.entries(run.variables ?? {})) {
    inputs.push(
      graph.add({
        '@id': `#variable-${slug(run.id)}-${slug(name)}`,
        '@type': 'PropertyValue',
        name,
        value: propertyValue(value),
        ...(typeof value === 'object' && value !== null ? { encodingFormat: 'application/json' } : {}),
      }),
    );
  }

  const resultId = run.resultHash
    ? graph.add({
        '@id': `${runUrl}/result`,
        '@type': 'File',
        name: `Result of ${run.title}`,
        encodingFormat: 'application/json',
        identifier: run.resultHash,
        description:
          "The recorded result. identifier (and sha256) is the run's resultHash: the analysis's own hash, or sha256 of the result's canonical JSON.",
        ...(/^sha256:[0-9a-f]{64}$/i.test(run.resultHash)
          ? { sha256: run.resultHash.slice('sha256:'.length) }
          : {}),
      })
    : null;

  let parent: string | null = null;
  if (run.parentId) {
    parent = graph.add({
      '@id': `#run-${slug(run.parentId)}`,
      '@type': ['CreateAction', 'prov:Activity'],
      name: 'The original run this one repeats',
      identifier: run.parentId,
      url: `${options.webOrigin}/history/${encodeURIComponent(run.parentId)}`,
    });
  }

  const used = [...inputs, ...datasetIds];
  const actionId = graph.add({
    '@id': `#run-${slug(run.id)}`,
    '@type': ['CreateAction', 'prov:Activity'],
    name: run.title,
    description:
      run.kind === 'APP_RUN' && run.app
        ? `A run of ${run.app} through the mesh gateway.`
        : 'A GraphQL query through the mesh gateway.',
    identifier: run.id,
    url: runUrl,
    agent: ref(person),
    instrument: oneOrMany(instruments),
    ...(used.length > 0 ? { object: used.map(ref) } : {}),
    ...(resultId ? { result: ref(resultId) } : {}),
    startTime: run.createdAt,
    endTime: run.createdAt,
    actionStatus: ref(COMPLETED),
    ...(run.tags.length > 0 ? { keywords: run.tags.join(', ') } : {}),
    'prov:wasAssociatedWith': ref(person),
    ...(used.length > 0 ? { 'prov:used': used.map(ref) } : {}),
    ...(resultId ? { 'prov:generated': ref(resultId) } : {}),
    ...(parent ? { 'prov:wasInformedBy': ref(parent) } : {}),
  });
  return { actionId, resultId };
}

function crateOf(graph: Graph): RoCrate {
  return { '@context': RO_CRATE_CONTEXT, '@graph': graph.list() };
}

/** The crate of one recorded run. */
export function historyRoCrate(run: CrateRun, options: CrateOptions): RoCrate {
  const graph = new Graph();
  addDescriptor(graph);
  // The root comes right after the descriptor: readers look for it there first.
  const root: CrateEntity = { '@id': './', '@type': 'Dataset' };
  graph.add(root);
  const licenses = addLicenses(graph, run.products, options);
  const { actionId, resultId } = addRun(graph, run, options);
  const what = run.kind === 'APP_RUN' && run.app ? `run of ${run.app}` : 'GraphQL query';
  Object.assign(root, {
    name: run.title,
    description: `Provenance of a ${what} recorded in the FAIR data mesh workspace (${run.id}): the operation and its variables, the product code and data versions it used, and the hash of its result.`,
    identifier: run.id,
    url: `${options.webOrigin}/history/${encodeURIComponent(run.id)}`,
    datePublished: run.createdAt,
    license: oneOrMany(licenses),
    creator: ref(`#person-${slug(run.owner.subject)}`),
    ...(run.tags.length > 0 ? { keywords: run.tags.join(', ') } : {}),
    ...(resultId ? { hasPart: [ref(resultId)] } : {}),
    mentions: ref(actionId),
  });
  return crateOf(graph);
}

const UDAT_CONTENT: Record<UdatKind, string> = {
  COHORT: 'a cohort (its criteria)',
  GENE_SET: 'a gene set',
  VARIABLE_GROUP: 'a group of variables',
  RESULT: 'a saved result',
};

/** The crate of one saved artifact, with the run it was saved from when that run is visible. */
export function udatRoCrate(udat: CrateUdat, options: CrateOptions): RoCrate {
  const graph = new Graph();
  addDescriptor(graph);
  const root: CrateEntity = { '@id': './', '@type': 'Dataset' };
  graph.add(root);
  const licenses = addLicenses(graph, udat.source?.products ?? [], options);
  const person = addPerson(graph, udat.owner);
  const udatUrl = `${options.webOrigin}/udats/${encodeURIComponent(udat.id)}`;
  const csv = graph.add({
    '@id': `${udatUrl}/csv`,
    '@type': 'File',
    name: `${udat.name}.csv`,
    encodingFormat: 'text/csv',
    description: `The content of ${UDAT_CONTENT[udat.kind]} as CSV (RFC 4180, header row).`,
  });
  const run = udat.source ? addRun(graph, udat.source, options) : null;
  const fork = udat.forkedFrom
    ? graph.add({
        '@id': `#udat-${slug(udat.forkedFrom.id)}`,
        '@type': 'CreativeWork',
        name: udat.forkedFrom.name,
        identifier: udat.forkedFrom.id,
        url: `${options.webOrigin}/udats/${encodeURIComponent(udat.forkedFrom.id)}`,
      })
    : null;
  const derivedFrom = [run?.resultId ?? run?.actionId, fork].filter((id): id is string => Boolean(id));
  Object.assign(root, {
    name: udat.name,
    description:
      udat.description?.trim() ||
      `${UDAT_CONTENT[udat.kind][0]!.toUpperCase()}${UDAT_CONTENT[udat.kind].slice(1)} saved in the FAIR data mesh workspace.`,
    identifier: udat.cohortId ? [udat.id, udat.cohortId] : udat.id,
    url: udatUrl,
    version: String(udat.version),
    dateCreated: udat.createdAt,
    dateModified: udat.updatedAt,
    datePublished: udat.updatedAt,
    license: oneOrMany(licenses),
    creator: ref(person),
    ...(udat.tags.length > 0 ? { keywords: udat.tags.join(', ') } : {}),
    // Every data entity hangs off the root: the CSV and, when the source run is visible, its result.
    hasPart: [csv, ...(run?.resultId ? [run.resultId] : [])].map(ref),
    ...(run ? { mentions: ref(run.actionId) } : {}),
    ...(derivedFrom.length > 0
      ? { isBasedOn: oneOrMany(derivedFrom), wasDerivedFrom: oneOrMany(derivedFrom) }
      : {}),
  });
  return crateOf(graph);
}
