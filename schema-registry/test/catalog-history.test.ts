import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clinicalSdl, genomicsSdl } from './fixtures';
import {
  DATABASES,
  PUBLISH,
  publishInput,
  startTestRegistry,
  type PublishData,
  type TestRegistry,
} from './support';

// JSON-LD documents are checked field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonLd = Record<string, any>;

const catalogOf = (product: string) =>
  JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'subgraphs', product, 'catalog.json'), 'utf8'),
  ) as Record<string, unknown>;

describe.each(DATABASES)('catalogue, history and diff (%s)', (kind) => {
  let t: TestRegistry;
  beforeAll(async () => {
    t = await startTestRegistry(kind, {
      publicUrl: 'https://registry.example.org',
      gatewayPublicUrl: 'https://mesh.example.org/graphql',
    });
    const publish = async (...args: Parameters<typeof publishInput>) =>
      expect((await t.gql<PublishData>(PUBLISH, publishInput(...args))).data!.publish.status).toBe(
        'PUBLISHED',
      );
    await publish('clinical', clinicalSdl(), '1.0.0', {
      catalog: catalogOf('clinical'),
      dataVersion: 'sha256:c1',
      gitCommit: 'abc1234',
    });
    await publish('genomics', genomicsSdl(), '1.0.0', {
      catalog: catalogOf('genomics'),
      dataVersion: 'sha256:g1',
    });
    await publish(
      'clinical',
      clinicalSdl({ extraPatientFields: '"Body-mass index at the snapshot date."\n  bmi: Float' }),
      '1.1.0',
      { dataVersion: 'sha256:c2' },
    );
  });
  afterAll(() => t.close());

  it('serves a product as JSON-LD: schema.org Dataset + DCAT Dataset with version, license, publisher, identifier, distribution', async () => {
    const response = await fetch(`${t.registry.origin}/products/clinical`, {
      headers: { accept: 'application/ld+json' },
    });
    expect(response.headers.get('content-type')).toContain('application/ld+json');
    const doc = (await response.json()) as JsonLd;
    expect(doc['@context']).toMatchObject({
      '@vocab': 'https://schema.org/',
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
    });
    expect(doc['@type']).toEqual(['dcat:Dataset', 'Dataset']);
    expect(doc['@id']).toBe('https://registry.example.org/products/clinical');
    expect(doc).toMatchObject({
      identifier: 'https://registry.example.org/products/clinical',
      name: 'Clinical records',
      version: '1.1.0',
      'dcat:version': '1.1.0',
      license: 'https://spdx.org/licenses/CC-BY-4.0.html',
      'dct:license': { '@id': 'https://spdx.org/licenses/CC-BY-4.0.html' },
      // clinical's catalog.json declares it private: access is restricted to holders of clinical:read.
      conditionsOfAccess: expect.stringContaining('Restricted'),
      'dct:accessRights': {
        '@id': 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED',
      },
      publisher: { '@type': 'Organization', name: 'FAIR data mesh' },
      'dcat:contactPoint': {
        'vcard:fn': 'Clinical data team',
        'vcard:hasEmail': { '@id': 'mailto:clinical-data@example.org' },
      },
      'mesh:dataVersion': 'sha256:c2',
    });
    expect(doc['dcat:keyword']).toEqual(expect.arrayContaining(['clinical', 'ICD-10']));
    expect(doc.distribution[0]).toMatchObject({
      '@type': ['dcat:Distribution', 'DataDownload'],
      contentUrl: 'https://mesh.example.org/graphql',
    });
    expect(doc['dcat:distribution'][0]['dcat:accessURL']).toEqual({
      '@id': 'https://mesh.example.org/graphql',
    });
    expect(doc['dcat:hasVersion']).toEqual([
      { '@id': 'https://registry.example.org/products/clinical/versions/1.0.0' },
      { '@id': 'https://registry.example.org/products/clinical/versions/1.1.0' },
    ]);
    expect(doc.isBasedOn.map((s: { name: string }) => s.name)).toContain('LOINC');
  });

  it('resolves a product version identifier, with its schema and data versions', async () => {
    const doc = (await (
      await fetch(`${t.registry.origin}/products/clinical/versions/1.0.0`)
    ).json()) as JsonLd;
    expect(doc).toMatchObject({
      '@id': 'https://registry.example.org/products/clinical/versions/1.0.0',
      version: '1.0.0',
      'dct:isVersionOf': { '@id': 'https://registry.example.org/products/clinical' },
      'mesh:dataVersion': 'sha256:c1',
      'mesh:gitCommit': 'abc1234',
    });
    const sdl = await (
      await fetch(`${t.registry.origin}/products/clinical/versions/1.0.0/schema.graphql`)
    ).text();
    expect(sdl).toBe(clinicalSdl());
    const missing = await fetch(`${t.registry.origin}/products/clinical/versions/9.9.9`);
    expect(missing.status).toBe(404);
    expect(
      ((await missing.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe('NOT_FOUND');
    expect((await fetch(`${t.registry.origin}/products/nosuch`)).status).toBe(404);
  });

  it('serves the catalogue as a DCAT Catalog / schema.org DataCatalog, and as HTML with embedded JSON-LD for browsers', async () => {
    const doc = (await (await fetch(`${t.registry.origin}/catalog`)).json()) as JsonLd;
    expect(doc['@type']).toEqual(['dcat:Catalog', 'DataCatalog']);
    expect(doc['dcat:dataset'].map((d: { '@id': string }) => d['@id'])).toEqual([
      'https://registry.example.org/products/clinical',
      'https://registry.example.org/products/genomics',
    ]);
    const html = await (
      await fetch(`${t.registry.origin}/catalog`, { headers: { accept: 'text/html' } })
    ).text();
    const embedded = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(embedded)['@id']).toBe('https://registry.example.org/catalog');
  });

  it.each([
    [
      'a tag ranks its product first',
      'laboratory',
      { kind: 'PRODUCT', product: 'clinical', coordinate: 'clinical' },
      'tag',
    ],
    ['an owner', 'genomics platform team', { kind: 'PRODUCT', product: 'genomics' }, 'owner'],
    ['a field name', 'bmi', { kind: 'FIELD', product: 'clinical', coordinate: 'Patient.bmi' }, 'field name'],
    ['a type name', 'sample', { kind: 'TYPE', product: 'genomics', coordinate: 'Sample' }, 'type name'],
    [
      'a description',
      'sequenced',
      { kind: 'TYPE', product: 'genomics', coordinate: 'Sample' },
      'description',
    ],
  ])('catalogue search: %s', async (_name, query, top, where) => {
    const response = await fetch(`${t.registry.origin}/catalog/search?q=${encodeURIComponent(query)}`);
    const { hits } = (await response.json()) as {
      hits: { kind: string; product: string; coordinate: string; matchedIn: string[]; score: number }[];
    };
    expect(hits[0]).toMatchObject(top);
    expect(hits[0]!.matchedIn).toContain(where);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
  });

  it('ranks matches across products by relevance (GraphQL API)', async () => {
    const result = await t.gql<{ searchCatalog: { product: string; coordinate: string }[] }>(
      '{ searchCatalog(query: "patient") { product coordinate } }',
      undefined,
      null,
    );
    const coordinates = result.data!.searchCatalog.map((h) => `${h.product}:${h.coordinate}`);
    expect(coordinates[0]).toBe('clinical:Patient');
    expect(coordinates).toContain('genomics:Patient');
    expect(coordinates.indexOf('clinical:Patient')).toBeLessThan(
      coordinates.indexOf('clinical:Query.patients'),
    );
  });

  it('lists history per product and for the supergraph, and diffs any two versions', async () => {
    const all = await t.gql<{ history: { versions: { seq: number; product: string }[] } }>(
      '{ history { versions { seq product } } }',
    );
    expect(all.data!.history.versions.map((v) => v.seq)).toEqual([3, 2, 1]);
    const clinical = await t.gql<{ history: { versions: { seq: number; productVersion: string }[] } }>(
      '{ history(product: "clinical") { versions { seq productVersion } } }',
    );
    expect(clinical.data!.history.versions).toEqual([
      { seq: 3, productVersion: '1.1.0' },
      { seq: 1, productVersion: '1.0.0' },
    ]);
    const diff = await t.gql<{
      diff: { changes: { type: string; path: string; criticality: string }[]; unifiedDiff: string };
    }>(
      '{ diff(from: "#1", to: "3", product: "clinical") { changes { type path criticality } unifiedDiff } }',
    );
    expect(diff.data!.diff.changes).toEqual(
      expect.arrayContaining([
        { type: 'FIELD_ADDED', path: 'Patient.bmi', criticality: 'SAFE' },
        { type: 'TYPE_ADDED', path: 'Sample', criticality: 'SAFE' },
      ]),
    );
    expect(diff.data!.diff.unifiedDiff).toContain('--- clinical@#1 (1.0.0)');
    expect(diff.data!.diff.unifiedDiff).toContain('+  bmi: Float');
    const bad = await t.gql('{ diff(from: "#99", to: "#1") { unifiedDiff } }');
    expect(bad.status).toBe(400);
  });
});
