import { join } from 'node:path';
import { publishToRegistry, type Logger } from '@mesh/product-kit';
import { startLocalMesh, type LocalMesh } from '@mesh/testing';
import { ADMIN_TOKEN, startTestRegistry, type TestRegistry } from './support';

/** Products publish their analysis apps with their catalogue metadata; the catalogue lists and finds them. */
describe('analysis apps in the catalogue', () => {
  let mesh: LocalMesh;
  let registry: TestRegistry;
  beforeAll(async () => {
    mesh = await startLocalMesh();
    registry = await startTestRegistry('sqlite');
    // In the order that composes: clinical owns the cohort entities the others extend.
    for (const product of [mesh.clinical, mesh.genomics, mesh.trials]) {
      const outcome = await publishToRegistry({
        registryUrl: registry.registry.origin,
        token: ADMIN_TOKEN,
        product: product.identity.name,
        version: product.identity.version,
        dataVersion: product.identity.dataVersion,
        routingUrl: product.url,
        serviceUrl: product.url,
        catalogFile: join(__dirname, '..', '..', 'subgraphs', product.identity.name, 'catalog.json'),
        apps: product.apps,
        logger: product.logger as Logger,
      });
      expect(outcome.status).toBe('PUBLISHED');
    }
  });
  afterAll(async () => {
    await registry.close();
    await mesh.close();
  });

  it('lists each product\u2019s apps, with their parameters', async () => {
    const result = await registry.gql<{
      product: {
        catalog: {
          title: string;
          visibility: string;
          apps: { id: string; input: string; entry: string; parameters: { name: string; kind: string }[] }[];
        };
      };
    }>(
      '{ product(name: "genomics") { catalog { title visibility apps { id input entry parameters { name kind } } } } }',
    );
    expect(result.errors).toBeUndefined();
    const apps = result.data!.product.catalog.apps;
    expect(apps.map((app) => app.id)).toEqual([
      'genomics.differentialExpression',
      'genomics.geneSetEnrichment',
      'genomics.geneExpression',
    ]);
    expect(apps[0]).toMatchObject({
      input: 'TWO_GROUPS',
      entry: 'compareCohorts',
      parameters: [
        { name: 'sampleType', kind: 'ENUM' },
        { name: 'fdr', kind: 'NUMBER' },
      ],
    });
    expect(result.data!.product.catalog.title).toBe('Genomics');
    expect(result.data!.product.catalog.visibility).toBe('private');
  });

  it('finds apps by what they do', async () => {
    const result = await registry.gql<{ searchCatalog: { kind: string; coordinate: string }[] }>(
      '{ searchCatalog(query: "kaplan survival") { kind coordinate } }',
      undefined,
      null,
    );
    expect(result.errors).toBeUndefined();
    // trials' own catalogue metadata (keyword Kaplan-Meier, tag survival) ranks the product first; its
    // survival apps, found by their titles and descriptions, come right after it.
    const [product, app] = result.data!.searchCatalog;
    expect(product).toMatchObject({ kind: 'PRODUCT', coordinate: 'trials' });
    expect(app).toMatchObject({
      kind: 'APP',
      coordinate: expect.stringMatching(/^trials\.survival/),
    });
  });
});
