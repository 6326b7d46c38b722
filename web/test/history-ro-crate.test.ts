import {
  historyRoCrate,
  licenseId,
  RO_CRATE_CONTEXT,
  udatRoCrate,
  type CrateEntity,
  type CrateRun,
  type CrateUdat,
  type RoCrate,
} from '../lib/ro-crate';
import { CRATE_BASE, expandRoCrate, validateRoCrate } from './support/validate-ro-crate';

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

const byId = (crate: RoCrate, id: string): CrateEntity => {
  const entity = crate['@graph'].find((candidate) => candidate['@id'] === id);
  if (!entity) throw new Error(`${id} is not in the crate`);
  return entity;
};

describe('historyRoCrate', () => {
  const crate = historyRoCrate(RUN, OPTIONS);

  it('is a valid RO-Crate 1.2 and JSON-LD document: descriptor, root dataset, every reference resolved', async () => {
    expect((await validateRoCrate(crate)).problems).toEqual([]);
    expect(crate['@context']).toBe('https://w3id.org/ro/crate/1.2/context');
    expect(byId(crate, 'ro-crate-metadata.json')).toEqual({
      '@id': 'ro-crate-metadata.json',
      '@type': 'CreativeWork',
      conformsTo: { '@id': 'https://w3id.org/ro/crate/1.2' },
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
    expect(byId(crate, 'https://spdx.org/licenses/CC-BY-4.0')).toMatchObject({
      '@type': 'CreativeWork',
      name: 'CC-BY-4.0',
      description: expect.stringContaining('SPDX'),
    });
  });

  it('expands with the RO-Crate 1.2 context: schema.org and PROV-O statements about the run', async () => {
    const expanded = await expandRoCrate(crate);
    expect(expanded).toHaveLength(crate['@graph'].length);
    const run = expanded.find((node) => node['@id'] === `${CRATE_BASE}#run-run_1f0c`)!;
    expect(run['@type']).toEqual(['http://schema.org/CreateAction', 'http://www.w3.org/ns/prov#Activity']);
    expect(run['http://www.w3.org/ns/prov#wasAssociatedWith']).toEqual([
      { '@id': `${CRATE_BASE}#person-alice` },
    ]);
    expect(run['http://schema.org/actionStatus']).toEqual([
      { '@id': 'http://schema.org/CompletedActionStatus' },
    ]);
    const result = expanded.find((node) => node['@id'] === 'http://localhost:3000/history/run_1f0c/result')!;
    expect(result['@type']).toEqual(['http://schema.org/MediaObject']);
    expect(result['http://schema.org/sha256']).toEqual([{ '@value': 'ab'.repeat(32) }]);
  });

  it('describes the run as a CreateAction with agent, instruments, inputs and result', () => {
    const action = byId(crate, '#run-run_1f0c');
    expect(action).toMatchObject({
      '@type': ['CreateAction', 'prov:Activity'],
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

  it('stays valid for a query without result, licence or parent', async () => {
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
    // Without a result the action has no `result`: everything else, PROV included, still validates.
    expect((await validateRoCrate(bare, { provenance: false })).problems).toEqual([]);
    expect((await validateRoCrate(bare)).problems).toEqual(['#run-run_1f0c names no result']);
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

  it('is valid, expands, and links the artifact to its source run and origin', async () => {
    expect((await validateRoCrate(crate)).problems).toEqual([]);
    expect(byId(crate, './')).toMatchObject({
      name: udat.name,
      version: '3',
      dateModified: udat.updatedAt,
      // The source run's result is a data entity of this crate too: 1.2 wants it reachable through hasPart.
      hasPart: [
        { '@id': 'http://localhost:3000/udats/udat_77/csv' },
        { '@id': 'http://localhost:3000/history/run_1f0c/result' },
      ],
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

  it('is valid without a source run (and so without a provenance action)', async () => {
    const alone = udatRoCrate(
      { ...udat, source: null, forkedFrom: null, kind: 'COHORT', cohortId: 'cohort.v1.x', description: ' ' },
      OPTIONS,
    );
    expect((await validateRoCrate(alone, { provenance: false })).problems).toEqual([]);
    expect(byId(alone, './').hasPart).toEqual([{ '@id': 'http://localhost:3000/udats/udat_77/csv' }]);
    expect(byId(alone, './').identifier).toEqual(['udat_77', 'cohort.v1.x']);
    expect(byId(alone, './').description).toBe(
      'A cohort (its criteria) saved in the FAIR data mesh workspace.',
    );
  });
});

describe('validateRoCrate', () => {
  const crate = historyRoCrate(RUN, OPTIONS);
  /** The crate with `change` applied to the entity `id` (or `extra` entities appended). */
  const edit = (id: string, change: Record<string, unknown>, ...extra: CrateEntity[]): RoCrate => ({
    ...crate,
    '@graph': [
      ...crate['@graph'].map((entity) => (entity['@id'] === id ? { ...entity, ...change } : entity)),
      ...extra,
    ],
  });
  const problemsOf = async (broken: unknown, options?: { provenance?: boolean }) =>
    (await validateRoCrate(broken, options)).problems;

  it('fails a property the context does not define (safe mode), and an undefined type or prefix', async () => {
    expect(await problemsOf(edit('./', { dataVersion: 'sha256:e0' }))).toEqual([
      expect.stringMatching(/^JSON-LD: Safe mode validation error\..*invalid property.*"dataVersion"/),
    ]);
    // An undefined type resolves against the base (the context has no @vocab): jsonld keeps it, we do not.
    expect(await problemsOf(edit('#person-alice', { '@type': 'Analyst', 'ex:role': 'analyst' }))).toEqual([
      '#person-alice @type Analyst is not defined by the context',
      '#person-alice property ex:role does not expand to an http(s) vocabulary IRI',
      '#run-run_1f0c agent #person-alice is not a Person or Organization in the crate',
    ]);
  });

  it('accepts a custom term defined with an absolute IRI in an extra (JSON-LD 1.0) context object', async () => {
    const extended = {
      ...edit('./', { dataVersion: 'sha256:e0' }),
      '@context': [RO_CRATE_CONTEXT, { dataVersion: 'https://example.org/terms#dataVersion' }],
    };
    expect(await problemsOf(extended)).toEqual([]);
    // RO-Crate documents are JSON-LD 1.0: a context that needs 1.1 is refused.
    const jsonLd11 = {
      ...extended,
      '@context': [
        RO_CRATE_CONTEXT,
        { '@version': 1.1, dataVersion: 'https://example.org/terms#dataVersion' },
      ],
    };
    expect(await problemsOf(jsonLd11)).toEqual([
      expect.stringMatching(/^JSON-LD: .*not compatible with json-ld-1\.0/),
    ]);
  });

  it('fails dangling local references, unreferenced entities and data entities outside hasPart', async () => {
    const orphan: CrateEntity = { '@id': 'https://example.org/data.csv', '@type': 'File', name: 'data' };
    expect(await problemsOf(edit('#run-run_1f0c', { agent: { '@id': '#nobody' } }, orphan))).toEqual([
      '#run-run_1f0c agent references #nobody, which is not in @graph',
      'the data entity https://example.org/data.csv is not reachable from ./ through hasPart',
      'https://example.org/data.csv is not referenced by any other entity',
      '#run-run_1f0c agent #nobody is not a Person or Organization in the crate',
      '#run-run_1f0c prov:wasAssociatedWith does not match its agent',
    ]);
  });

  it('fails a nested entity, a missing @type and a missing root', async () => {
    const broken = {
      '@context': RO_CRATE_CONTEXT,
      '@graph': [
        { '@id': 'ro-crate-metadata.json', '@type': 'CreativeWork', about: { '@id': './' } },
        { '@id': '#a', name: 'no type', author: { '@id': '#nobody' } },
        { '@id': '#b', '@type': 'Thing', subjectOf: { name: 'inline' } },
      ],
    };
    expect(await problemsOf(broken, { provenance: false })).toEqual([
      '#a has no @type',
      'ro-crate-metadata.json about references ./, which is not in @graph',
      '#a author references #nobody, which is not in @graph',
      '#b subjectOf nests an object: flatten it into its own entity and reference it',
      'ro-crate-metadata.json conformsTo is not the single reference https://w3id.org/ro/crate/1.2',
      'the root data entity ./ is missing',
    ]);
  });

  it('fails a root without the 1.2 required properties and a licence without name and description', async () => {
    const root = byId(crate, './');
    const { name: _name, description: _description, ...bare } = root;
    const broken = {
      ...crate,
      '@graph': crate['@graph'].map((entity) =>
        entity['@id'] === './'
          ? { ...bare, datePublished: 'last Tuesday', license: { '@id': 'https://example.org/licence' } }
          : entity,
      ),
    };
    expect(await problemsOf(broken)).toEqual([
      './ has no name',
      './ has no description',
      './ datePublished is not a single ISO 8601 date',
      './ license https://example.org/licence is not described in the crate with a name and description',
    ]);
  });

  it('fails an RO-Crate 1.1 crate and refuses to fetch any other context', async () => {
    const old = {
      '@context': 'https://w3id.org/ro/crate/1.1/context',
      '@graph': edit('ro-crate-metadata.json', { conformsTo: { '@id': 'https://w3id.org/ro/crate/1.1' } })[
        '@graph'
      ],
    };
    expect(await problemsOf(old)).toEqual([
      '@context does not reference https://w3id.org/ro/crate/1.2/context',
      'ro-crate-metadata.json conformsTo is not the single reference https://w3id.org/ro/crate/1.2',
      expect.stringMatching(/^JSON-LD: .*refusing to load https:\/\/w3id\.org\/ro\/crate\/1\.1\/context/),
    ]);
  });

  it('asks for a provenance action that is a prov:Activity with agent, instrument, object and result', async () => {
    const action = byId(crate, '#run-run_1f0c');
    const { instrument: _instrument, 'prov:used': _used, ...partial } = action;
    expect(
      await problemsOf({
        ...crate,
        '@graph': crate['@graph'].map((entity) =>
          entity === action ? { ...partial, '@type': 'CreateAction' } : entity,
        ),
      }),
    ).toEqual([
      // Without instrument nothing links the app, the gateway and the product no app belongs to.
      '#product-genomics-2.0.0 is not referenced by any other entity',
      '#mesh-gateway is not referenced by any other entity',
      '#app-clinical.cohortSummary is not referenced by any other entity',
      '#run-run_1f0c is not a prov:Activity',
      '#run-run_1f0c names no instrument',
      '#run-run_1f0c prov:used does not match its object',
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
