import { graphql, postRaw, startLocalMesh, type LocalMesh } from '@mesh/testing';

const CROSS_PRODUCT = `
  query CrossProduct($first: Int!, $genes: [String!]!) {
    patients(first: $first) {
      nodes {
        id age sex
        diagnoses { code }
        samples { id type expression(genes: $genes) { gene { symbol } value } variants { gene { symbol } proteinChange } }
      }
    }
  }`;

type CrossProductData = {
  patients: {
    nodes: {
      id: string;
      samples: { id: string; expression: { gene: { symbol: string }; value: number }[] }[] | null;
    }[];
  };
};

describe('gateway: one query across products', () => {
  let mesh: LocalMesh;
  /** clinical and genomics are private: ask as ada (admin: every scope, variants included). */
  const asAda = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) =>
    graphql<T>(mesh.gateway.url, query, variables, mesh.as.ada);
  beforeAll(async () => {
    mesh = await startLocalMesh();
  });
  afterAll(() => mesh.close());

  it('answers the README example with data from both products and their versions', async () => {
    const result = await asAda<{
      patients: {
        nodes: {
          id: string;
          age: number;
          sex: string;
          samples: { id: string; expression: { gene: string; value: number }[] }[] | null;
        }[];
      };
    }>(
      `
        {
          patients(filter: { diagnosis: "E11" }, first: 100) {
            nodes {
              id
              age
              sex
              samples {
                id
                expression(genes: ["TP53", "EGFR"]) {
                  gene {
                    symbol
                  }
                  value
                }
              }
            }
          }
        }
      `,
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.patients.nodes;
    expect(nodes).toHaveLength(100);
    expect(nodes.every((patient) => Array.isArray(patient.samples))).toBe(true);
    const sampled = nodes.filter((patient) => patient.samples!.length > 0);
    expect(sampled.length).toBeGreaterThan(10);
    expect(sampled[0]!.samples![0]!.expression).toHaveLength(2);
    expect(result.extensions?.dataProducts).toEqual({
      clinical: { version: '2.0.0', dataVersion: mesh.clinical.identity.dataVersion },
      genomics: { version: '2.0.0', dataVersion: mesh.genomics.identity.dataVersion },
    });
  });

  it('resolves in the other direction too: genomics samples to clinical patients', async () => {
    const result = await asAda<{
      samples: {
        nodes: { id: string; patient: { id: string; age: number; diagnoses: { code: string }[] } }[];
      };
    }>('{ samples(type: TUMOR, first: 20) { nodes { id patient { id age diagnoses { code } } } } }');
    expect(result.errors).toBeUndefined();
    for (const sample of result.data!.samples.nodes) {
      // Every tumour sample comes from a patient with a cancer diagnosis (ICD-10 chapter C).
      expect(sample.patient.diagnoses.some((d) => d.code.startsWith('C'))).toBe(true);
    }
  });

  it('has no N+1: 10 and 1,000 patients cost the same statements per product and one _entities fetch', async () => {
    async function measure(first: number) {
      const before = {
        clinical: mesh.clinical.stats.sql.statements,
        genomics: mesh.genomics.stats.sql.statements,
        fetches: structuredClone(mesh.gateway.stats.subgraphFetches),
      };
      const result = await asAda<CrossProductData>(CROSS_PRODUCT, {
        first,
        genes: ['TP53', 'EGFR', 'MKI67'],
      });
      expect(result.errors).toBeUndefined();
      const fetches = mesh.gateway.stats.subgraphFetches;
      const delta = (name: string, kind: 'total' | 'entities') =>
        (fetches[name]?.[kind] ?? 0) - (before.fetches[name]?.[kind] ?? 0);
      return {
        patients: result.data!.patients.nodes.length,
        samples: result.data!.patients.nodes.reduce((n, p) => n + p.samples!.length, 0),
        sql: {
          clinical: mesh.clinical.stats.sql.statements - before.clinical,
          genomics: mesh.genomics.stats.sql.statements - before.genomics,
        },
        fetches: {
          clinical: delta('clinical', 'total'),
          genomics: delta('genomics', 'total'),
          genomicsEntities: delta('genomics', 'entities'),
        },
      };
    }
    const small = await measure(10);
    const large = await measure(1000);
    expect(small.patients).toBe(10);
    expect(large.patients).toBe(1000);
    expect(large.samples).toBeGreaterThan(200);
    expect(large.sql).toEqual(small.sql);
    // clinical: the page, then diagnoses; genomics: samples, expression vectors, variants.
    expect(small.sql).toEqual({ clinical: 2, genomics: 3 });
    expect(small.fetches).toEqual({ clinical: 1, genomics: 1, genomicsEntities: 1 });
    expect(large.fetches).toEqual(small.fetches);
  });

  describe('bad input through the gateway', () => {
    it('passes a product input error through with its code, reason and hint', async () => {
      const result = await asAda(
        '{ patients(first: 5) { nodes { samples { expression(genes: ["EGRF"]) { value } } } } }',
      );
      const error = result.errors?.find((e) => e.extensions?.reason === 'UNKNOWN_GENE');
      expect(error?.message).toContain('did you mean EGFR');
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it.each([
      ['first above the maximum', '{ patients(first: 5000) { totalCount } }', 'PAGE_SIZE_OUT_OF_RANGE'],
      ['a malformed cursor', '{ patients(after: "nope") { totalCount } }', 'MALFORMED_CURSOR'],
      ['an invalid filter', '{ patients(filter: {ageMin: 200}) { totalCount } }', 'INVALID_FILTER'],
    ])('%s', async (_, query, reason) => {
      const result = await asAda(query);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    });

    it('rejects unknown fields at validation with a 400', async () => {
      const result = await graphql(mesh.gateway.url, '{ patients { nodes { shoeSize } } }');
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(result.errors?.[0]?.message).toContain('shoeSize');
    });

    it('answers malformed JSON with 400 and oversized bodies with 413, and keeps serving', async () => {
      const malformed = await postRaw(mesh.gateway.url, '{"query":');
      expect(malformed.status).toBe(400);
      expect(malformed.json?.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      const huge = await postRaw(
        mesh.gateway.url,
        JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(2_000_000) }),
      );
      expect(huge.status).toBe(413);
      expect(huge.json?.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
      const ok = await graphql(mesh.gateway.url, '{ clinicalProduct { name } }');
      expect(ok.data).toEqual({ clinicalProduct: { name: 'clinical' } });
    });
  });
});
