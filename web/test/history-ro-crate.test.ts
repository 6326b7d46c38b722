import {
  crateProblems,
  historyRoCrate,
  LOCAL_CONTEXT,
  licenseId,
  RO_CRATE_CONTEXT,
  udatRoCrate,
  type CrateEntity,
  type CrateRun,
  type CrateUdat,
  type RoCrate,
} from '../lib/ro-crate';

const OPTIONS = {
  webOrigin: 'http://localhost:3000',
  gatewayUrl: 'http://127.0.0.1:4000/graphql',
  licenses: { clinical: 'CC-BY-4.0', genomics: 'CC-BY-4.0' },
};

const RUN: CrateRun = {
  id: 'run_1f0c',
  kind: 'APP_RUN',
  app: 'clinical.cohortSummary',
  title: 'Type 2 diabetes summary',
  owner: { subject: 'alice', name: 'Alice Analyst' },
  createdAt: '2026-11-24T04:00:00.000Z',
  products: [
    { name: 'clinical', version: '2.0.0', dataVersion: `sha256:${'e0'.repeat(32)}` },
    { name: 'genomics', version: '2.0.0', dataVersion: `sha256:${'9a'.repeat(32)}` },
  ],
  resultHash: `sha256:${'ab'.repeat(32)}`,
  visibility: 'PRIVATE',
  parentId: 'run_0a0a',
  tags: ['t2d', 'demo'],
  operation:
    'query CohortSummary($criteria: CohortCriteria!) { cohort(criteria: $criteria) { summary { resultHash } } }',
  operationName: 'CohortSummary',
  variables: { criteria: { diagnosis: 'E11' }, first: 10 },
  supergraphId: 'sha256:b629',
};

/*
 * Terms of the RO-Crate 1.1 context (https://w3id.org/ro/crate/1.1/context) the crates use, with their IRIs,
 * plus the crate's local context: a small JSON-LD expansion of our own (the `jsonld` package is not a
 * dependency), enough to prove that every property and type maps to an IRI.
 */
const SCHEMA = 'http://schema.org/';
const CONTEXT_TERMS: Record<string, string> = {
  ...Object.fromEntries(
    [
      'about',
      'agent',
      'creator',
      'dateCreated',
      'dateModified',
      'datePublished',
      'description',
      'encodingFormat',
      'endTime',
      'hasPart',
      'identifier',
      'instrument',
      'isBasedOn',
      'isPartOf',
      'keywords',
      'license',
      'mentions',
      'name',
      'object',
      'programmingLanguage',
      'result',
      'startTime',
      'text',
      'url',
      'value',
      'version',
    ].map((term) => [term, `${SCHEMA}${term}`]),
  ),
  conformsTo: 'http://purl.org/dc/terms/conformsTo',
  wasDerivedFrom: 'http://www.w3.org/ns/prov#wasDerivedFrom',
};
const CONTEXT_TYPES: Record<string, string> = {
  ...Object.fromEntries(
    [
      'ComputerLanguage',
      'CreateAction',
      'CreativeWork',
      'Dataset',
      'Person',
      'PropertyValue',
      'SoftwareApplication',
      'SoftwareSourceCode',
    ].map((type) => [type, `${SCHEMA}${type}`]),
  ),
  File: `${SCHEMA}MediaObject`,
};

function expandKey(key: string): string | null {
  const local = (LOCAL_CONTEXT as Record<string, string>)[key];
  if (local) return local;
  const prefix = /^([a-z]+):(.+)$/.exec(key);
  if (prefix) {
    const base = (LOCAL_CONTEXT as Record<string, string>)[prefix[1]!];
    return base ? `${base}${prefix[2]}` : null;
  }
  return CONTEXT_TERMS[key] ?? null;
}

/** Expands every statement to (subject IRI, predicate IRI, object); throws on anything that would be dropped. */
function expand(crate: RoCrate): [string, string, unknown][] {
  const base = 'arcp://name,crate-under-test/';
  const iri = (id: string) => new URL(id, base).toString();
  const triples: [string, string, unknown][] = [];
  for (const entity of crate['@graph']) {
    const subject = iri(entity['@id']);
    for (const type of ([] as string[]).concat(entity['@type'])) {
      const expanded = CONTEXT_TYPES[type];
      if (!expanded) throw new Error(`${entity['@id']}: type ${type} is not in the context`);
      triples.push([subject, 'rdf:type', expanded]);
    }
    for (const [key, value] of Object.entries(entity)) {
      if (key === '@id' || key === '@type') continue;
      const predicate = expandKey(key);
      if (!predicate) throw new Error(`${entity['@id']}: property ${key} is not in the context`);
      for (const item of ([] as unknown[]).concat(value)) {
        const object =
          typeof item === 'object' && item !== null ? iri((item as { '@id': string })['@id']) : item;
        triples.push([subject, predicate, object]);
      }
    }
  }
  return triples;
}

const byId = (crate: RoCrate, id: string): CrateEntity => {
  const entity = crate['@graph'].find((candidate) => candidate['@id'] === id);
  if (!entity) throw new Error(`${id} is not in the crate`);
  return entity;
};

describe('historyRoCrate', () => {
  const crate = historyRoCrate(RUN, OPTIONS);

  it('is a valid RO-Crate 1.1 graph: descriptor, root dataset, every reference resolved', () => {
    expect(crateProblems(crate)).toEqual([]);
    expect(crate['@context']).toEqual([RO_CRATE_CONTEXT, LOCAL_CONTEXT]);
    expect(byId(crate, 'ro-crate-metadata.json')).toMatchObject({
      '@type': 'CreativeWork',
      conformsTo: { '@id': 'https://w3id.org/ro/crate/1.1' },
      about: { '@id': './' },
    });
    expect(byId(crate, './')).toMatchObject({
      '@type': 'Dataset',
      name: RUN.title,
      datePublished: RUN.createdAt,
      license: { '@id': 'https://spdx.org/licenses/CC-BY-4.0' },
      mentions: { '@id': '#run-run_1f0c' },
      hasPart: [{ '@id': 'http://localhost:3000/history/run_1f0c/result' }],
    });
    expect(new Set(crate['@graph'].map((entity) => entity['@id'])).size).toBe(crate['@graph'].length);
  });

  it('expands: every property and type maps to an IRI', () => {
    const triples = expand(crate);
    expect(triples.length).toBeGreaterThan(50);
    expect(triples).toContainEqual([
      'arcp://name,crate-under-test/#run-run_1f0c',
      'http://www.w3.org/ns/prov#wasAssociatedWith',
      'arcp://name,crate-under-test/#person-alice',
    ]);
  });

  it('describes the run as a CreateAction with agent, instruments, inputs and result', () => {
    const action = byId(crate, '#run-run_1f0c');
    expect(action).toMatchObject({
      '@type': 'CreateAction',
      agent: { '@id': '#person-alice' },
      result: { '@id': 'http://localhost:3000/history/run_1f0c/result' },
      startTime: RUN.createdAt,
      endTime: RUN.createdAt,
      'prov:generated': { '@id': 'http://localhost:3000/history/run_1f0c/result' },
      'prov:wasInformedBy': { '@id': '#run-run_0a0a' },
    });
    expect(action.instrument).toEqual([
      { '@id': '#app-clinical.cohortSummary' },
      { '@id': '#mesh-gateway' },
      { '@id': '#product-clinical-2.0.0' },
      { '@id': '#product-genomics-2.0.0' },
    ]);
    expect(action.object).toEqual(action['prov:used']);
    expect(action.object).toEqual([
      { '@id': '#operation-run_1f0c' },
      { '@id': '#variable-run_1f0c-criteria' },
      { '@id': '#variable-run_1f0c-first' },
      { '@id': `#data-clinical-sha256-${'e0'.repeat(32)}` },
      { '@id': `#data-genomics-sha256-${'9a'.repeat(32)}` },
    ]);
    expect(byId(crate, '#person-alice')).toEqual({
      '@id': '#person-alice',
      '@type': 'Person',
      name: 'Alice Analyst',
      identifier: 'alice',
    });
  });

  it('names product versions and data snapshots', () => {
    expect(byId(crate, '#product-clinical-2.0.0')).toMatchObject({
      '@type': 'SoftwareApplication',
      version: '2.0.0',
    });
    expect(byId(crate, `#data-clinical-sha256-${'e0'.repeat(32)}`)).toMatchObject({
      '@type': 'Dataset',
      identifier: RUN.products[0]!.dataVersion,
      license: { '@id': 'https://spdx.org/licenses/CC-BY-4.0' },
    });
    expect(byId(crate, '#app-clinical.cohortSummary')).toMatchObject({
      isPartOf: { '@id': '#product-clinical-2.0.0' },
    });
    expect(byId(crate, '#mesh-gateway')).toMatchObject({ url: OPTIONS.gatewayUrl, version: 'sha256:b629' });
  });

  it('keeps the operation and variables, and the result hash as sha256 and identifier', () => {
    expect(byId(crate, '#operation-run_1f0c')).toMatchObject({
      '@type': 'SoftwareSourceCode',
      text: RUN.operation,
      programmingLanguage: { '@id': '#graphql' },
    });
    expect(byId(crate, '#variable-run_1f0c-criteria')).toMatchObject({
      '@type': 'PropertyValue',
      value: '{"diagnosis":"E11"}',
    });
    expect(byId(crate, '#variable-run_1f0c-first')).toMatchObject({ value: 10 });
    expect(byId(crate, 'http://localhost:3000/history/run_1f0c/result')).toMatchObject({
      '@type': 'File',
      identifier: RUN.resultHash,
      sha256: 'ab'.repeat(32),
    });
  });

  it('stays valid for a query without result, licence or parent', () => {
    const bare = historyRoCrate(
      {
        ...RUN,
        kind: 'QUERY',
        app: null,
        resultHash: null,
        parentId: null,
        tags: [],
        variables: {},
        products: [],
      },
      { ...OPTIONS, licenses: {} },
    );
    expect(crateProblems(bare)).toEqual([]);
    expect(() => expand(bare)).not.toThrow();
    expect(byId(bare, './').license).toEqual({ '@id': '#license-unspecified' });
    expect(byId(bare, '#run-run_1f0c').result).toBeUndefined();
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(crate))).toEqual(crate);
  });
});

describe('udatRoCrate', () => {
  const udat: CrateUdat = {
    id: 'udat_77',
    kind: 'RESULT',
    name: 'T2D summary, saved',
    description: null,
    tags: ['t2d'],
    owner: { subject: 'alice', name: 'Alice Analyst' },
    visibility: 'PRIVATE',
    version: 3,
    createdAt: '2026-11-24T04:10:00.000Z',
    updatedAt: '2026-11-24T04:20:00.000Z',
    cohortId: null,
    source: { ...RUN, operation: undefined, variables: undefined },
    forkedFrom: { id: 'udat_11', name: 'Original' },
  };
  const crate = udatRoCrate(udat, OPTIONS);

  it('is valid, expands, and links the artifact to its source run and origin', () => {
    expect(crateProblems(crate)).toEqual([]);
    expect(() => expand(crate)).not.toThrow();
    expect(byId(crate, './')).toMatchObject({
      name: udat.name,
      version: '3',
      dateModified: udat.updatedAt,
      hasPart: [{ '@id': 'http://localhost:3000/udats/udat_77/csv' }],
      mentions: { '@id': '#run-run_1f0c' },
      wasDerivedFrom: [
        { '@id': 'http://localhost:3000/history/run_1f0c/result' },
        { '@id': '#udat-udat_11' },
      ],
    });
    expect(byId(crate, 'http://localhost:3000/udats/udat_77/csv')).toMatchObject({
      '@type': 'File',
      encodingFormat: 'text/csv',
    });
  });

  it('is valid without a source run', () => {
    const alone = udatRoCrate(
      { ...udat, source: null, forkedFrom: null, kind: 'COHORT', cohortId: 'cohort.v1.x' },
      OPTIONS,
    );
    expect(crateProblems(alone)).toEqual([]);
    expect(byId(alone, './').identifier).toEqual(['udat_77', 'cohort.v1.x']);
  });
});

describe('crateProblems', () => {
  it('finds dangling references, missing types, nesting and a missing root', () => {
    const broken = {
      '@context': RO_CRATE_CONTEXT,
      '@graph': [
        { '@id': 'ro-crate-metadata.json', '@type': 'CreativeWork', about: { '@id': './' } },
        { '@id': '#a', name: 'no type', author: { '@id': '#nobody' } },
        { '@id': '#b', '@type': 'Thing', nested: { name: 'inline' } },
      ],
    };
    expect(crateProblems(broken)).toEqual([
      '#a has no @type',
      'ro-crate-metadata.json about references ./, not in @graph',
      '#a author references #nobody, not in @graph',
      '#b nested nests an object: flatten it into its own entity and reference it',
      'ro-crate-metadata.json does not conform to https://w3id.org/ro/crate/1.1',
      'the root data entity ./ is missing',
    ]);
  });
});

describe('licenseId', () => {
  it('maps SPDX ids to spdx.org, keeps URLs, slugs the rest', () => {
    expect(licenseId('CC-BY-4.0')).toBe('https://spdx.org/licenses/CC-BY-4.0');
    expect(licenseId('https://example.org/terms')).toBe('https://example.org/terms');
    expect(licenseId('Internal use only')).toBe('#license-Internal-use-only');
  });
});
