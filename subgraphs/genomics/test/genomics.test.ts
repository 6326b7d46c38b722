import Database from 'better-sqlite3';
import { createLogger, type RunningProduct } from '@mesh/product-kit';
import {
  createTestSnapshots,
  graphql,
  productIdentity,
  waitForHealthy,
  type SignedHeaders,
} from '@mesh/testing';
import { startGenomics } from '../src';

describe('genomics product', () => {
  let snapshots: Awaited<ReturnType<typeof createTestSnapshots>>;
  let product: RunningProduct;
  let db: Database.Database;
  /** Identity headers of ada (admin: every scope), signed per request as the gateway would send them. */
  let ada: SignedHeaders;

  beforeAll(async () => {
    ada = await productIdentity('ada');
    snapshots = await createTestSnapshots();
    product = await startGenomics({
      databaseFile: snapshots.genomics,
      port: 0,
      host: '127.0.0.1',
      logger: createLogger('genomics', 'silent'),
    });
    await waitForHealthy(`${product.origin}/health`);
    db = new Database(snapshots.genomics, { readonly: true });
  });
  afterAll(async () => {
    db.close();
    await product.close();
    snapshots.remove();
  });

  const stored = (gene: string, sampleId: string) => {
    const { idx } = db.prepare('SELECT idx FROM samples WHERE id = ?').get(sampleId) as { idx: number };
    const { vector } = db.prepare('SELECT vector FROM expression_matrix WHERE gene_symbol = ?').get(gene) as {
      vector: Buffer;
    };
    return vector.readFloatLE(idx * 4);
  };

  it('serves expression values from the gene-major matrix, in the order asked', async () => {
    const result = await graphql<{
      sample: { expression: { gene: { symbol: string; name: string }; sampleId: string; value: number }[] };
    }>(
      product.url,
      '{ sample(id: "SMP-000001") { expression(genes: ["EGFR", "TP53"]) { gene { symbol name } sampleId value } } }',
      undefined,
      ada,
    );
    const values = result.data!.sample.expression;
    expect(values.map((value) => value.gene.symbol)).toEqual(['EGFR', 'TP53']);
    expect(values[1]!.gene.name).toBe('tumor protein p53');
    for (const value of values) expect(value.value).toBeCloseTo(stored(value.gene.symbol, 'SMP-000001'), 3);
  });

  it('contributes samples, expression and variants to Patient entities', async () => {
    const { patient_id: patientId } = db
      .prepare(
        `SELECT s.patient_id FROM variants v JOIN samples s ON s.id = v.sample_id WHERE v.protein_change = 'p.V617F' LIMIT 1`,
      )
      .get() as { patient_id: string };
    const result = await graphql<{
      _entities: {
        id: string;
        samples: { id: string; type: string }[];
        variants: { gene: { symbol: string }; proteinChange: string }[];
        expression: { value: number }[];
      }[];
    }>(
      product.url,
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Patient {
              id
              samples {
                id
                type
              }
              variants(genes: ["JAK2"]) {
                gene {
                  symbol
                }
                proteinChange
              }
              expression(genes: ["HBB"], sampleType: BLOOD) {
                value
              }
            }
          }
        }
      `,
      {
        r: [
          { __typename: 'Patient', id: patientId },
          { __typename: 'Patient', id: 'PAT-NOSAMPLES' },
        ],
      },
      ada,
    );
    const [carrier, nobody] = result.data!._entities;
    expect(carrier!.samples.some((sample) => sample.type === 'BLOOD')).toBe(true);
    expect(carrier!.variants).toContainEqual({ gene: { symbol: 'JAK2' }, proteinChange: 'p.V617F' });
    expect(carrier!.expression[0]!.value).toBeGreaterThan(10); // hemoglobin beta is high in blood
    expect(nobody).toEqual({ id: 'PAT-NOSAMPLES', samples: [], variants: [], expression: [] });
  });

  it('links a sample to its patient as a reference the gateway resolves in clinical', async () => {
    const result = await graphql<{ sample: { patient: { id: string } } }>(
      product.url,
      '{ sample(id: "SMP-000002") { patient { id } } }',
      undefined,
      ada,
    );
    const { patient_id } = db.prepare('SELECT patient_id FROM samples WHERE id = ?').get('SMP-000002') as {
      patient_id: string;
    };
    expect(result.data!.sample.patient.id).toBe(patient_id);
  });

  it('searches and pages through the gene panel', async () => {
    const first = await graphql<{
      genes: { totalCount: number; nodes: { symbol: string }[]; pageInfo: { endCursor: string } };
    }>(
      product.url,
      '{ genes(search: "tumor", first: 2) { totalCount nodes { symbol } pageInfo { endCursor } } }',
      undefined,
      ada,
    );
    expect(first.data!.genes.totalCount).toBeGreaterThan(2);
    const next = await graphql<{ genes: { nodes: { symbol: string }[] } }>(
      product.url,
      'query($after: String) { genes(search: "tumor", first: 2, after: $after) { nodes { symbol } } }',
      { after: first.data!.genes.pageInfo.endCursor },
      ada,
    );
    const symbols = [...first.data!.genes.nodes, ...next.data!.genes.nodes].map((gene) => gene.symbol);
    expect(new Set(symbols).size).toBe(symbols.length);
    expect([...symbols].sort()).toEqual(symbols);
  });

  it('serves curated gene sets restricted to the panel', async () => {
    const result = await graphql<{ geneSets: { id: string; genes: { symbol: string }[] }[] }>(
      product.url,
      '{ geneSets { id genes { symbol } } }',
      undefined,
      ada,
    );
    const proliferation = result.data!.geneSets.find((set) => set.id === 'proliferation');
    expect(proliferation?.genes.map((gene) => gene.symbol)).toEqual(
      expect.arrayContaining(['MKI67', 'TOP2A']),
    );
  });

  describe('access', () => {
    type One = { sample: { id: string; type: string; variants: { id: string }[] | null } | null };
    const sampleWithVariants = () =>
      (db.prepare('SELECT sample_id FROM variants ORDER BY sample_id LIMIT 1').get() as { sample_id: string })
        .sample_id;
    const oneSample = (id: string, headers?: SignedHeaders) =>
      graphql<One>(
        product.url,
        'query($id: ID!) { sample(id: $id) { id type variants { id } } }',
        { id },
        headers,
      );

    it('refuses anonymous callers its data with UNAUTHENTICATED', async () => {
      const result = await oneSample('SMP-000001');
      expect(result.data?.sample).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.path).toEqual(['sample']);
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', field: 'Query.sample' });
    });

    it('withholds variants from alice (no genomics:variants) with FORBIDDEN, serving the rest', async () => {
      const id = sampleWithVariants();
      const result = await oneSample(id, await productIdentity('alice'));
      expect(result.data?.sample).toEqual({ id, type: expect.any(String), variants: null });
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.path).toEqual(['sample', 'variants']);
      expect(result.errors![0]!.extensions).toMatchObject({
        code: 'FORBIDDEN',
        field: 'Sample.variants',
        requiredScopes: [['genomics:variants']],
      });
    });

    it('serves variants to ada', async () => {
      const id = sampleWithVariants();
      const result = await oneSample(id, ada);
      expect(result.errors).toBeUndefined();
      const { n } = db.prepare('SELECT count(*) AS n FROM variants WHERE sample_id = ?').get(id) as {
        n: number;
      };
      expect(n).toBeGreaterThan(0);
      expect(result.data?.sample?.variants).toHaveLength(n);
    });

    it('keeps its identity readable anonymously, saying it is private', async () => {
      const result = await graphql<{ genomicsProduct: { name: string; visibility: string } }>(
        product.url,
        '{ genomicsProduct { name visibility } }',
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.genomicsProduct).toEqual({ name: 'genomics', visibility: 'private' });
    });
  });

  describe('bad input', () => {
    it('an unknown gene fails once, naming it with suggestions, even across many entities', async () => {
      // The gateway's entity fetch: each representation fails on its own, so 50 errors would come back.
      const representations = Array.from({ length: 50 }, (_, i) => ({
        __typename: 'Sample',
        id: `SMP-${String(i + 1).padStart(6, '0')}`,
      }));
      const result = await graphql(
        product.url,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Sample { expression(genes: ["TP53", "EGRF"]) { value } } } }',
        { r: representations },
        ada,
      );
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.message).toContain('EGRF (did you mean EGFR');
      expect(result.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'UNKNOWN_GENE',
        unknown: ['EGRF'],
        occurrences: 50,
      });
    });

    it('too many genes is TOO_MANY_VALUES', async () => {
      const genes = Array.from({ length: 501 }, () => 'TP53');
      const result = await graphql(
        product.url,
        'query($g: [String!]!) { sample(id: "SMP-000001") { expression(genes: $g) { value } } }',
        { g: genes },
        ada,
      );
      expect(result.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'TOO_MANY_VALUES',
      });
    });

    it('a cursor from another list is MALFORMED_CURSOR', async () => {
      const genes = await graphql<{ genes: { pageInfo: { endCursor: string } } }>(
        product.url,
        '{ genes(first: 1) { pageInfo { endCursor } } }',
        undefined,
        ada,
      );
      const result = await graphql(
        product.url,
        'query($a: String) { samples(after: $a) { totalCount } }',
        { a: genes.data!.genes.pageInfo.endCursor },
        ada,
      );
      expect(result.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'MALFORMED_CURSOR',
      });
    });
  });
});
