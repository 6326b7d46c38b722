import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_REFERENCE_DATE, generateDemoData, type GenerateOptions } from './generate';
import { INFLAMMATORY_GENES, PROLIFERATION_GENES } from './genomics-world';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('generateDemoData', () => {
  let root: string;
  const options = (outDir: string, overrides: Partial<GenerateOptions> = {}): GenerateOptions => ({
    outDir,
    seed: 7,
    patients: 2000,
    genes: 200,
    samples: 600,
    referenceDate: DEFAULT_REFERENCE_DATE,
    ...overrides,
  });

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'demo-data-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const first = await generateDemoData(options(join(root, 'a')));
    const second = await generateDemoData(options(join(root, 'b')));
    const other = await generateDemoData(options(join(root, 'c'), { seed: 8 }));
    expect(sha256(second.clinical)).toBe(sha256(first.clinical));
    expect(sha256(second.genomics)).toBe(sha256(first.genomics));
    expect(sha256(other.clinical)).not.toBe(sha256(first.clinical));
    expect(sha256(other.genomics)).not.toBe(sha256(first.genomics));
  });

  it('rejects impossible sizes with every problem listed', async () => {
    await expect(
      generateDemoData(options(join(root, 'bad'), { patients: 1, genes: 3, referenceDate: 'soon' })),
    ).rejects.toThrow(/--patients[\s\S]*--genes[\s\S]*--reference-date/);
  });

  describe('planted signals (docs/DEMO-DATA.md)', () => {
    let clinical: Database.Database;
    let genomics: Database.Database;
    beforeAll(() => {
      clinical = new Database(join(root, 'a', 'clinical.sqlite'), { readonly: true });
      genomics = new Database(join(root, 'a', 'genomics.sqlite'), { readonly: true });
    });
    afterAll(() => {
      clinical.close();
      genomics.close();
    });

    const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

    it('S1: HbA1c is higher in type 2 diabetes (E11)', () => {
      const avg = (inE11: boolean) =>
        (
          clinical
            .prepare(
              `SELECT avg(value) AS v FROM lab_results WHERE code = '4548-4' AND patient_id ${inE11 ? '' : 'NOT'} IN
               (SELECT patient_id FROM diagnoses WHERE code LIKE 'E11%')`,
            )
            .get() as { v: number }
        ).v;
      expect(avg(true) - avg(false)).toBeGreaterThan(2);
    });

    it('S2: JAK2 V617F carriers have higher hemoglobin', () => {
      const carriers = (
        genomics
          .prepare(
            `SELECT DISTINCT s.patient_id AS id FROM variants v JOIN samples s ON s.id = v.sample_id WHERE v.protein_change = 'p.V617F'`,
          )
          .all() as { id: string }[]
      ).map((row) => row.id);
      expect(carriers.length).toBeGreaterThan(5);
      const placeholders = carriers.map(() => '?').join(',');
      const hb = (negate: boolean) =>
        (
          clinical
            .prepare(
              `SELECT avg(value) AS v FROM lab_results WHERE code = '718-7' AND patient_id ${negate ? 'NOT' : ''} IN (${placeholders})`,
            )
            .get(...carriers) as { v: number }
        ).v;
      expect(hb(false) - hb(true)).toBeGreaterThan(1.5);
    });

    function expressionByGroup(genes: string[], type: string, inGroup: (patientId: string) => boolean) {
      const samples = genomics.prepare('SELECT idx, patient_id FROM samples WHERE type = ?').all(type) as {
        idx: number;
        patient_id: string;
      }[];
      const rows = genomics
        .prepare(
          `SELECT vector FROM expression_matrix WHERE gene_symbol IN (${genes.map(() => '?').join(',')})`,
        )
        .all(...genes) as { vector: Buffer }[];
      const group: number[] = [];
      const rest: number[] = [];
      for (const { vector } of rows) {
        for (const sample of samples)
          (inGroup(sample.patient_id) ? group : rest).push(vector.readFloatLE(sample.idx * 4));
      }
      return { group: mean(group), rest: mean(rest) };
    }

    const patientsWith = (prefix: string) =>
      new Set(
        (
          clinical.prepare(`SELECT patient_id AS id FROM diagnoses WHERE code LIKE ?`).all(`${prefix}%`) as {
            id: string;
          }[]
        ).map((row) => row.id),
      );

    it('G1: proliferation genes are up in breast-cancer tumours', () => {
      const breast = patientsWith('C50');
      const { group, rest } = expressionByGroup(PROLIFERATION_GENES, 'tumor', (id) => breast.has(id));
      expect(group - rest).toBeGreaterThan(1);
    });

    it('G2: inflammatory genes are up in the blood of type 2 diabetes patients', () => {
      const diabetic = patientsWith('E11');
      const { group, rest } = expressionByGroup(INFLAMMATORY_GENES, 'blood', (id) => diabetic.has(id));
      expect(group - rest).toBeGreaterThan(0.5);
    });
  });
});
