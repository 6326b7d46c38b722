import {
  compareRuns,
  describeChange,
  diffProducts,
  explainComparison,
  shortHash,
} from '../components/history/compare';
import { resultHashOfAnswer, sha256OfJson } from '../components/history/result-hash';
import type { ProductVersion } from '../lib/workspace';

const CLINICAL: ProductVersion = {
  name: 'clinical',
  version: '2.0.0',
  dataVersion: `sha256:ab12${'0'.repeat(60)}`,
};
const GENOMICS: ProductVersion = {
  name: 'genomics',
  version: '2.0.0',
  dataVersion: `sha256:9a48${'1'.repeat(60)}`,
};

describe('compareRuns', () => {
  it('is identical when both result hashes are equal', () => {
    const comparison = compareRuns(
      { resultHash: 'sha256:aaaa', products: [CLINICAL] },
      { resultHash: 'sha256:aaaa', products: [CLINICAL] },
    );
    expect(comparison).toEqual({
      status: 'identical',
      before: 'sha256:aaaa',
      after: 'sha256:aaaa',
      changes: [],
    });
    expect(explainComparison(comparison)).toMatch(/same result hash/);
  });

  it('is changed when the hashes differ, naming the data version that moved', () => {
    const newData = { ...CLINICAL, dataVersion: `sha256:cd34${'2'.repeat(60)}` };
    const comparison = compareRuns(
      { resultHash: 'sha256:aaaa', products: [CLINICAL, GENOMICS] },
      { resultHash: 'sha256:bbbb', products: [newData, GENOMICS] },
    );
    expect(comparison.status).toBe('changed');
    expect(comparison.changes).toEqual([
      { kind: 'dataVersion', product: 'clinical', from: CLINICAL.dataVersion, to: newData.dataVersion },
    ]);
    expect(comparison.changes.map(describeChange)).toEqual([
      'clinical dataVersion sha256:ab120000… → sha256:cd342222…',
    ]);
  });

  it('is changed, not identical, when the original has no result hash', () => {
    const comparison = compareRuns({ resultHash: null, products: [] }, { resultHash: null, products: [] });
    expect(comparison.status).toBe('changed');
    expect(explainComparison(comparison)).toMatch(/no result hash/);
  });

  it('says when the result changed on the same versions', () => {
    const comparison = compareRuns(
      { resultHash: 'sha256:aaaa', products: [CLINICAL] },
      { resultHash: 'sha256:bbbb', products: [CLINICAL] },
    );
    expect(comparison.changes).toEqual([]);
    expect(explainComparison(comparison)).toMatch(/Same product and data versions/);
  });
});

describe('diffProducts', () => {
  it('reports added, removed, version and data version changes in product order', () => {
    const trials: ProductVersion = { name: 'trials', version: '1.0.0', dataVersion: 'sha256:77' };
    const changes = diffProducts(
      [CLINICAL, GENOMICS],
      [{ ...GENOMICS, version: '2.1.0', dataVersion: 'sha256:ff' }, trials],
    );
    expect(changes).toEqual([
      { kind: 'removed', product: 'clinical', version: '2.0.0', dataVersion: CLINICAL.dataVersion },
      { kind: 'version', product: 'genomics', from: '2.0.0', to: '2.1.0' },
      { kind: 'dataVersion', product: 'genomics', from: GENOMICS.dataVersion, to: 'sha256:ff' },
      { kind: 'added', product: 'trials', version: '1.0.0', dataVersion: 'sha256:77' },
    ]);
    expect(changes.map(describeChange)).toEqual([
      'clinical 2.0.0 no longer contributes',
      'genomics version 2.0.0 → 2.1.0',
      'genomics dataVersion sha256:9a481111… → sha256:ff',
      'trials 1.0.0 was added (data sha256:77)',
    ]);
  });

  it('finds nothing between equal lists, whatever their order', () => {
    expect(diffProducts([CLINICAL, GENOMICS], [GENOMICS, CLINICAL])).toEqual([]);
  });
});

describe('shortHash', () => {
  it('keeps the algorithm prefix and eight digits', () => {
    expect(shortHash(CLINICAL.dataVersion)).toBe('sha256:ab120000…');
    expect(shortHash('live:9645fde55af4:0')).toBe('live:9645fde55af4:0');
  });
});

describe('resultHashOfAnswer', () => {
  const analysis = { resultHash: 'sha256:analysis', table: { columns: [], rows: [] } };

  it("uses the only AnalysisResult's own hash, wherever it sits in data", () => {
    expect(resultHashOfAnswer({ cohort: { id: 'c', summary: analysis } })).toBe('sha256:analysis');
  });

  it('hashes the canonical JSON of data otherwise (key order does not matter)', () => {
    const hash = resultHashOfAnswer({ b: 1, a: [1, 2] });
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(hash).toBe(resultHashOfAnswer({ a: [1, 2], b: 1 }));
    expect(hash).toBe(sha256OfJson({ a: [1, 2], b: 1 }));
  });

  it('hashes the whole data when it holds several analyses', () => {
    const data = { x: analysis, y: { ...analysis, resultHash: 'sha256:other' } };
    expect(resultHashOfAnswer(data)).toBe(sha256OfJson(data));
  });
});
