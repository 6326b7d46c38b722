import { graphql, startLocalMesh, type LocalMesh } from '../src';

/*
 * The mesh's analyses end to end, through the gateway, on fresh demo data: a cohort defined in clinical is
 * analysed in genomics and trials in the same request, and the planted signals of docs/DEMO-DATA.md come out.
 */
type Result = {
  computable: boolean;
  reason: string | null;
  statistics: {
    pValue: number | null;
    effectSize: number | null;
    significant: number | null;
    testsPerformed: number | null;
    groups: { group: string; n: number }[];
  } | null;
  table: { rows: unknown[][]; rowCount: number; columns: { name: string }[] };
  resultHash: string;
  version: string;
  dataVersion: string;
};
const RESULT =
  'computable reason statistics { pValue effectSize significant testsPerformed groups { group n } } table { rows rowCount columns { name } } resultHash version dataVersion';
const PROLIFERATION = ['MKI67', 'TOP2A', 'CCNB1', 'BIRC5', 'AURKA', 'CDK1', 'CCNE1', 'MYBL2', 'BUB1', 'PLK1'];
const OTHER_CANCERS = '{any: [{diagnosis: "C34"}, {diagnosis: "C18"}, {diagnosis: "C25"}]}';

describe('analyses across products', () => {
  let mesh: LocalMesh;
  beforeAll(async () => {
    mesh = await startLocalMesh();
  });
  afterAll(() => mesh.close());

  const ONE_REQUEST = `{
    compareCohorts(a: {diagnosis: "C50"}, b: ${OTHER_CANCERS}, nameA: "Breast cancer", nameB: "Lung, colon, pancreas") {
      a { size } b { size }
      differentialExpression(sampleType: TUMOR) { ${RESULT} }
      geneSetEnrichment(sampleType: TUMOR) { ${RESULT} }
      survival(trial: "ONC-01") { ${RESULT} }
    }
  }`;

  it('defines a cohort in clinical, runs differential expression in genomics and Kaplan-Meier in trials, in one request', async () => {
    const response = await graphql<{
      compareCohorts: {
        a: { size: number };
        b: { size: number };
        differentialExpression: Result;
        geneSetEnrichment: Result;
        survival: Result;
      };
    }>(mesh.gateway.url, ONE_REQUEST, undefined, mesh.as.ada);
    expect(response.errors).toBeUndefined();
    const { differentialExpression: de, geneSetEnrichment: gsea, survival } = response.data!.compareCohorts;
    expect(Object.keys(response.extensions!.dataProducts as object).sort()).toEqual([
      'clinical',
      'genomics',
      'trials',
    ]);

    // G1: the proliferation genes, ESR1 and PGR are up in breast tumours, and they are what is found.
    const significant = de.table.rows
      .filter((row) => (row[7] as number) < 0.05)
      .map((row) => row[0] as string);
    expect(significant).toEqual(expect.arrayContaining([...PROLIFERATION, 'ESR1', 'PGR']));
    expect(significant.length).toBeLessThanOrEqual(PROLIFERATION.length + 4);
    for (const row of de.table.rows.filter((r) => PROLIFERATION.includes(r[0] as string)))
      expect(row[1]).toBeGreaterThan(1);
    expect(de.statistics!.testsPerformed).toBe(500);

    // ... which makes the proliferation set the most enriched one.
    expect(gsea.table.rows[0]![0]).toBe('proliferation');
    expect(gsea.table.rows[0]![7]).toBeLessThan(1e-4);

    // T2: breast cancer patients survive longer than lung, colon and pancreatic cancer patients.
    expect(survival.statistics!.pValue).toBeLessThan(1e-3);
    expect(survival.statistics!.effectSize).toBeLessThan(0.5);
  });

  it('gives byte-identical results for the same request on the same data version', async () => {
    const first = await graphql(mesh.gateway.url, ONE_REQUEST, undefined, mesh.as.ada);
    const second = await graphql(mesh.gateway.url, ONE_REQUEST, undefined, mesh.as.ada);
    expect(JSON.stringify(second.data)).toBe(JSON.stringify(first.data));
    const de = (first.data as { compareCohorts: { differentialExpression: Result } }).compareCohorts
      .differentialExpression;
    expect(de.resultHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(de.dataVersion).toBe(mesh.genomics.identity.dataVersion);
  });

  it('finds the clinical and blood signals (S1, S2, G2) and the trial arm effect (T1)', async () => {
    const response = await graphql<
      Record<string, { compare?: Result; differentialExpression?: Result; survivalByArm?: Result }>
    >(
      mesh.gateway.url,
      `{
        s1: compareCohorts(a: {diagnosis: "E11"}, b: {not: {diagnosis: "E11"}}) { compare(variable: "lab:4548-4") { ${RESULT} } }
        s2: compareCohorts(a: {diagnosis: "D45"}, b: {not: {diagnosis: "D45"}}) { compare(variable: "lab:718-7") { ${RESULT} } }
        g2: compareCohorts(a: {diagnosis: "E11"}, b: {not: {diagnosis: "E11"}}) { differentialExpression(sampleType: BLOOD) { ${RESULT} } }
        t1: cohort(criteria: {any: [{diagnosis: "C50"}, {diagnosis: "C34"}, {diagnosis: "C18"}, {diagnosis: "C25"}, {diagnosis: "C61"}]}) {
          survivalByArm(trial: "ONC-01") { ${RESULT} }
          pfs: survivalByArm(trial: "ONC-01", endpoint: PROGRESSION_FREE_SURVIVAL) { ${RESULT} }
        }
      }`,
      undefined,
      mesh.as.ada,
    );
    expect(response.errors).toBeUndefined();
    const { s1, s2, g2, t1 } = response.data!;
    expect(s1!.compare!.statistics!.pValue).toBeLessThan(1e-30);
    expect(s1!.compare!.table.rows[0]![2] as number).toBeGreaterThan(
      (s1!.compare!.table.rows[1]![2] as number) + 2,
    );
    expect(s2!.compare!.statistics!.pValue).toBeLessThan(1e-6);
    const inflammatory = ['IL6', 'TNF', 'IL1B', 'CXCL8', 'CCL2', 'SOCS3', 'NFKBIA'];
    const up = g2!
      .differentialExpression!.table.rows.filter((row) => (row[7] as number) < 0.05 && (row[1] as number) > 0)
      .map((row) => row[0]);
    expect(up).toEqual(expect.arrayContaining(inflammatory));
    // Hazard ratio control vs experimental: the experimental arm dies and progresses less. About 170
    // enrolled patients give modest power at the default size (p ~ 0.02 for OS with seed 42).
    const pfs = (t1 as unknown as { pfs: Result }).pfs;
    expect(t1!.survivalByArm!.statistics!.effectSize).toBeGreaterThan(1.5);
    expect(t1!.survivalByArm!.statistics!.pValue).toBeLessThan(0.05);
    expect(pfs.statistics!.effectSize).toBeGreaterThan(1.5);
    expect(pfs.statistics!.pValue).toBeLessThan(0.01);
  });

  it('answers "not computable" with a reason for degenerate inputs', async () => {
    const response = await graphql<Record<string, Record<string, Result>>>(
      mesh.gateway.url,
      `{
        empty: cohort(criteria: {diagnosis: "Z99"}) { summary { ${RESULT} } }
        noTumours: compareCohorts(a: {diagnosis: "E11", not: {any: [{diagnosis: "C50"}, {diagnosis: "C34"}, {diagnosis: "C18"}, {diagnosis: "C25"}, {diagnosis: "C61"}]}}, b: {diagnosis: "C50"}) {
          differentialExpression(sampleType: TUMOR) { ${RESULT} }
        }
      }`,
      undefined,
      mesh.as.ada,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.empty!.summary).toMatchObject({
      computable: false,
      reason: expect.stringContaining('empty'),
    });
    expect(response.data!.noTumours!.differentialExpression).toMatchObject({
      computable: false,
      reason: expect.stringContaining('0 TUMOR sample'),
    });
  });

  describe('bad input gets a stable code', () => {
    it.each([
      [
        'an unknown variable',
        '{ compareCohorts(a: {}, b: {}) { compare(variable: "lab:9999-9") { computable } } }',
        'UNKNOWN_VARIABLE',
        'variable',
      ],
      [
        'a numeric test on a categorical variable',
        '{ compareCohorts(a: {}, b: {}) { compare(variable: "sex", method: WELCH_T) { computable } } }',
        'INVALID_PARAMETER',
        'method',
      ],
      [
        'an unknown gene',
        '{ compareCohorts(a: {diagnosis: "C50"}, b: {diagnosis: "C34"}) { geneExpression(gene: "ERBB9") { computable } } }',
        'UNKNOWN_GENE',
        'gene',
      ],
      [
        'invalid nested criteria',
        '{ cohort(criteria: {any: [{diagnosis: "diabetes"}]}) { size } }',
        'INVALID_FILTER',
        'criteria.any[0].diagnosis',
      ],
      [
        'a cohort below the privacy floor',
        '{ cohort(criteria: {patientIds: ["PAT-000001", "PAT-000002"]}) { summary { computable } } }',
        'COHORT_TOO_SMALL',
        'criteria',
      ],
      [
        'an FDR out of range',
        '{ compareCohorts(a: {diagnosis: "C50"}, b: {diagnosis: "C34"}) { differentialExpression(fdr: 2) { computable } } }',
        'INVALID_PARAMETER',
        'fdr',
      ],
      [
        'an unknown trial',
        '{ cohort(criteria: {diagnosis: "C50"}) { survivalByArm(trial: "NOPE-1") { computable } } }',
        'INVALID_PARAMETER',
        'trial',
      ],
    ])('%s', async (_, query, reason, argument) => {
      const response = await graphql(mesh.gateway.url, query, undefined, mesh.as.ada);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason, argument });
      expect(response.errors?.[0]?.message.length).toBeGreaterThan(20);
    });
  });

  it('serves every app\u2019s metadata, so a form can be rendered for any of them', async () => {
    const response = await graphql<
      Record<
        string,
        {
          apps: {
            id: string;
            input: string;
            entry: string;
            target: string;
            field: string;
            parameters: { name: string; kind: string; required: boolean }[];
          }[];
        }
      >
    >(
      mesh.gateway.url,
      `{ ${['clinical', 'genomics', 'trials']
        .map(
          (p) =>
            `${p}: ${p}Product { apps { id input entry groupType target field parameters { name kind type required default allowedValues { value } } } }`,
        )
        .join(' ')} }`,
      undefined,
      mesh.as.ada,
    );
    expect(response.errors).toBeUndefined();
    const ids = Object.values(response.data!).flatMap((product) => product.apps.map((app) => app.id));
    expect(ids.sort()).toEqual([
      'clinical.cohortSummary',
      'clinical.compareCohorts',
      'clinical.correlation',
      'genomics.differentialExpression',
      'genomics.geneExpression',
      'genomics.geneSetEnrichment',
      'trials.survival',
      'trials.survivalByArm',
    ]);
    const compare = response.data!.clinical!.apps.find((app) => app.id === 'clinical.compareCohorts')!;
    expect(compare).toMatchObject({
      input: 'TWO_GROUPS',
      entry: 'compareCohorts',
      target: 'CohortComparison',
      field: 'compare',
    });
    expect(compare.parameters.find((p) => p.name === 'variable')).toMatchObject({
      kind: 'VARIABLE',
      required: true,
    });
  });
});
