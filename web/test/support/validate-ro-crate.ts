import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonld, { type JsonLdDocument, type NodeObject, type Options } from 'jsonld';

/*
 * Validates an RO-Crate 1.2 metadata document twice over:
 *
 * - as JSON-LD 1.0 (as RO-Crate requires), expanded by the `jsonld` processor in safe mode against the
 *   published RO-Crate 1.2 context (vendored in test/fixtures, see its README), no other context being
 *   fetched: a property the context does not define fails instead of being silently dropped; on the expanded
 *   graph, a type the context does not define (it would resolve against the base) or an undefined prefix
 *   fails too;
 * - as RO-Crate, for the rules JSON-LD cannot express (https://w3id.org/ro/crate/1.2): a flattened graph, the
 *   metadata descriptor, the root data entity's required properties, data entities reachable through
 *   `hasPart`, no dangling local references, and (unless turned off) a complete provenance action.
 */

export const RO_CRATE_1_2_CONTEXT = 'https://w3id.org/ro/crate/1.2/context';
export const RO_CRATE_1_2 = 'https://w3id.org/ro/crate/1.2';
export const METADATA_DESCRIPTOR = 'ro-crate-metadata.json';

/** Relative @ids resolve against this while expanding: the `arcp:` base RO-Crate suggests for a crate with no URL. */
export const CRATE_BASE = 'arcp://name,crate-under-validation/';

const SCHEMA = 'http://schema.org/';
const PROV = 'http://www.w3.org/ns/prov#';

const CONTEXT_DOCUMENT = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'ro-crate-1.2-context.json'), 'utf8'),
) as NodeObject;

/** Serves the vendored RO-Crate 1.2 context for its URL; refuses every other URL (no network in tests). */
export async function offlineDocumentLoader(url: string) {
  if (url === RO_CRATE_1_2_CONTEXT) {
    return { contextUrl: undefined, documentUrl: url, document: CONTEXT_DOCUMENT };
  }
  throw new Error(`refusing to load ${url}: only ${RO_CRATE_1_2_CONTEXT} is available to the validator`);
}

/** jsonld's expansion options plus `safe`, which its type definitions lack. */
type SafeExpandOptions = Options.Expand & { safe: boolean; processingMode: 'json-ld-1.0' };

/** Expands the crate in safe mode: rejects with a jsonld error when anything would be dropped. */
export async function expandRoCrate(crate: unknown): Promise<NodeObject[]> {
  const options: SafeExpandOptions = {
    base: CRATE_BASE,
    documentLoader: offlineDocumentLoader,
    processingMode: 'json-ld-1.0',
    safe: true,
  };
  return (await jsonld.expand(crate as JsonLdDocument, options)) as NodeObject[];
}

export interface RoCrateValidationOptions {
  /** Require a CreateAction that is a prov:Activity naming agent, instrument, object and result (default true). */
  provenance?: boolean;
}

export interface RoCrateValidation {
  /** Empty when the crate is valid; otherwise one line per problem. */
  problems: string[];
  /** The expanded graph (absolute IRIs throughout), or null when expansion failed. */
  expanded: NodeObject[] | null;
}

type Entity = Record<string, unknown>;

const isAbsoluteUri = (id: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(id);
const asArray = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const typesOf = (entity: Entity): unknown[] => asArray(entity['@type']);

function isReference(value: unknown): value is { '@id': string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { '@id'?: unknown })['@id'] === 'string'
  );
}

const referencesOf = (value: unknown): string[] =>
  asArray(value)
    .filter(isReference)
    .map((item) => item['@id']);

/** ISO 8601 date or date-time (schema.org Date / DateTime), as RO-Crate requires of datePublished. */
function isIsoDate(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/.test(value) &&
    !Number.isNaN(Date.parse(value.length === 4 ? `${value}-01-01` : value))
  );
}

const nonEmptyString = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/** The RO-Crate rules on the compacted document, which a JSON-LD processor does not check. */
function structuralProblems(crate: unknown): string[] {
  if (typeof crate !== 'object' || crate === null || Array.isArray(crate))
    return ['the crate is not a JSON object'];
  const problems: string[] = [];
  const document = crate as Entity;
  for (const key of Object.keys(document)) {
    if (key !== '@context' && key !== '@graph')
      problems.push(`top-level ${key}: a flattened crate has only @context and @graph`);
  }
  if (!asArray(document['@context']).includes(RO_CRATE_1_2_CONTEXT)) {
    problems.push(`@context does not reference ${RO_CRATE_1_2_CONTEXT}`);
  }
  const graph = document['@graph'];
  if (!Array.isArray(graph)) return [...problems, '@graph is not an array'];

  const entities = new Map<string, Entity>();
  graph.forEach((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(`@graph[${index}] is not an object`);
      return;
    }
    const entity = item as Entity;
    const id = entity['@id'];
    if (typeof id !== 'string' || id === '') {
      problems.push(`@graph[${index}] has no @id`);
      return;
    }
    if (entities.has(id)) problems.push(`${id} is described twice`);
    entities.set(id, entity);
    const types = typesOf(entity);
    if (types.length === 0 || !types.every(nonEmptyString)) problems.push(`${id} has no @type`);
  });

  // Flattened: values are scalars or references, never nested entities; local references resolve.
  const referenced = new Set<string>();
  for (const [id, entity] of entities) {
    for (const [property, value] of Object.entries(entity)) {
      if (property === '@id' || property === '@type') continue;
      for (const item of asArray(value)) {
        if (typeof item !== 'object' || item === null) continue;
        if (!isReference(item)) {
          problems.push(`${id} ${property} nests an object: flatten it into its own entity and reference it`);
          continue;
        }
        const target = item['@id'];
        if (target !== id) referenced.add(target);
        if (!entities.has(target) && !isAbsoluteUri(target)) {
          problems.push(`${id} ${property} references ${target}, which is not in @graph`);
        }
      }
    }
  }

  const descriptor = entities.get(METADATA_DESCRIPTOR);
  if (!descriptor) return [...problems, `the metadata descriptor ${METADATA_DESCRIPTOR} is missing`];
  if (!typesOf(descriptor).includes('CreativeWork'))
    problems.push(`${METADATA_DESCRIPTOR} is not a CreativeWork`);
  const conformsTo = referencesOf(descriptor.conformsTo);
  if (conformsTo.length !== 1 || conformsTo[0] !== RO_CRATE_1_2) {
    problems.push(`${METADATA_DESCRIPTOR} conformsTo is not the single reference ${RO_CRATE_1_2}`);
  }
  const about = referencesOf(descriptor.about);
  if (about.length !== 1) return [...problems, `${METADATA_DESCRIPTOR} about is not a single reference`];
  const rootId = about[0]!;
  const root = entities.get(rootId);
  if (!root) return [...problems, `the root data entity ${rootId} is missing`];

  if (rootId !== './' && !isAbsoluteUri(rootId))
    problems.push(`the root @id ${rootId} is neither ./ nor an absolute URI`);
  if (!typesOf(root).includes('Dataset')) problems.push(`${rootId} is not a Dataset`);
  for (const property of ['name', 'description']) {
    if (!nonEmptyString(root[property])) problems.push(`${rootId} has no ${property}`);
  }
  if (root.datePublished === undefined) problems.push(`${rootId} has no datePublished`);
  else if (!isIsoDate(root.datePublished))
    problems.push(`${rootId} datePublished is not a single ISO 8601 date`);
  if (root.license === undefined) problems.push(`${rootId} has no license`);
  for (const license of referencesOf(root.license)) {
    const entity = entities.get(license);
    if (!entity || !nonEmptyString(entity.name) || !nonEmptyString(entity.description)) {
      problems.push(`${rootId} license ${license} is not described in the crate with a name and description`);
    }
  }

  // Data entities (File or Dataset with a URI, not a #local id) hang off the root through hasPart.
  const parts = new Set<string>();
  const queue = [rootId];
  while (queue.length > 0) {
    for (const part of referencesOf(entities.get(queue.shift()!)?.hasPart)) {
      if (!parts.has(part)) queue.push(part);
      parts.add(part);
    }
  }
  for (const [id, entity] of entities) {
    const isDataEntity = typesOf(entity).some((type) => type === 'File' || type === 'Dataset');
    if (isDataEntity && id !== rootId && !id.startsWith('#') && !parts.has(id)) {
      problems.push(`the data entity ${id} is not reachable from ${rootId} through hasPart`);
    }
  }
  // Contextual entities are linked from at least one other entity.
  for (const id of entities.keys()) {
    if (id !== METADATA_DESCRIPTOR && !referenced.has(id))
      problems.push(`${id} is not referenced by any other entity`);
  }
  for (const [id, entity] of entities) {
    for (const property of ['startTime', 'endTime', 'dateCreated', 'dateModified']) {
      if (entity[property] !== undefined && !isIsoDate(entity[property])) {
        problems.push(`${id} ${property} is not an ISO 8601 date`);
      }
    }
  }
  return problems;
}

/** A jsonld error as one line: its message, the safe-mode event (code and details) and the cause. */
function describeJsonLdError(error: unknown): string {
  const { message, details } = error as { message?: string; details?: Record<string, unknown> };
  const event = details?.event as { code?: string; message?: string; details?: unknown } | undefined;
  const cause = (details?.cause as { message?: string } | undefined)?.message;
  return [
    `JSON-LD: ${message ?? String(error)}`,
    event ? `${event.code}: ${event.message} ${JSON.stringify(event.details)}` : null,
    cause ? `cause: ${cause}` : null,
  ]
    .filter(Boolean)
    .join(' — ');
}

const shortId = (iri: string) => (iri.startsWith(CRATE_BASE) ? iri.slice(CRATE_BASE.length) || './' : iri);
const isVocabularyIri = (iri: string) => /^https?:\/\//.test(iri) && !iri.startsWith(CRATE_BASE);
const idsOf = (value: unknown): string[] =>
  asArray(value)
    .map((item) => (item as { '@id'?: unknown })['@id'])
    .filter((id): id is string => typeof id === 'string');
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((item) => b.includes(item));

/** Checks on the expanded graph: every type and property a vocabulary IRI, and the provenance action. */
function expandedProblems(expanded: NodeObject[], options: RoCrateValidationOptions): string[] {
  const problems: string[] = [];
  const nodes = new Map<string, Entity>();
  for (const node of expanded as Entity[]) {
    const id = shortId(String(node['@id']));
    nodes.set(String(node['@id']), node);
    for (const type of asArray(node['@type']) as string[]) {
      // An undefined type resolves against the base (no @vocab): not an error to jsonld, but to us.
      if (!isVocabularyIri(type)) problems.push(`${id} @type ${shortId(type)} is not defined by the context`);
    }
    for (const property of Object.keys(node)) {
      if (!property.startsWith('@') && !isVocabularyIri(property)) {
        problems.push(`${id} property ${property} does not expand to an http(s) vocabulary IRI`);
      }
    }
  }
  if (options.provenance === false) return problems;

  const types = (iri: string) => asArray(nodes.get(iri)?.['@type']);
  const actions = [...nodes.values()].filter(
    (node) =>
      asArray(node['@type']).includes(`${SCHEMA}CreateAction`) && node[`${SCHEMA}agent`] !== undefined,
  );
  if (actions.length === 0) return [...problems, 'no CreateAction with an agent records the provenance'];
  for (const action of actions) {
    const id = shortId(String(action['@id']));
    const linked = (term: string) => idsOf(action[term]);
    if (!asArray(action['@type']).includes(`${PROV}Activity`)) problems.push(`${id} is not a prov:Activity`);
    for (const property of ['agent', 'instrument', 'object', 'result']) {
      if (linked(`${SCHEMA}${property}`).length === 0) problems.push(`${id} names no ${property}`);
    }
    for (const agent of linked(`${SCHEMA}agent`)) {
      if (!types(agent).some((type) => type === `${SCHEMA}Person` || type === `${SCHEMA}Organization`)) {
        problems.push(`${id} agent ${shortId(agent)} is not a Person or Organization in the crate`);
      }
    }
    const mirrors: [string, string][] = [
      ['agent', 'wasAssociatedWith'],
      ['object', 'used'],
      ['result', 'generated'],
    ];
    for (const [schemaTerm, provTerm] of mirrors) {
      if (!sameSet(linked(`${SCHEMA}${schemaTerm}`), linked(`${PROV}${provTerm}`))) {
        problems.push(`${id} prov:${provTerm} does not match its ${schemaTerm}`);
      }
    }
  }
  return problems;
}

async function lenientExpansion(crate: unknown): Promise<NodeObject[] | null> {
  const options: Options.Expand & { processingMode: 'json-ld-1.0' } = {
    base: CRATE_BASE,
    documentLoader: offlineDocumentLoader,
    processingMode: 'json-ld-1.0',
  };
  return (jsonld.expand(crate as JsonLdDocument, options) as Promise<NodeObject[]>).catch(() => null);
}

/** Validates a crate as JSON-LD (safe-mode expansion) and as RO-Crate 1.2; see the file comment. */
export async function validateRoCrate(
  crate: unknown,
  options: RoCrateValidationOptions = {},
): Promise<RoCrateValidation> {
  const problems = structuralProblems(crate);
  let expanded: NodeObject[] | null = null;
  try {
    expanded = await expandRoCrate(crate);
  } catch (error) {
    problems.push(describeJsonLdError(error));
  }
  // After a safe-mode failure, a lenient expansion (dropping what safe mode refused) still finds the rest.
  const graph = expanded ?? (await lenientExpansion(crate));
  if (graph) problems.push(...expandedProblems(graph, options));
  return { problems, expanded };
}
