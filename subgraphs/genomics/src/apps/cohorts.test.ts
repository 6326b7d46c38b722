import type { AnalysisData } from '../storage/analysis-data';
import type { SampleType } from '../storage/sample-storage';
import { sampleGroups } from './cohorts';

const ids = (prefix: string) => Array.from({ length: 6 }, (_, i) => `${prefix}-${i}`);

describe('sampleGroups', () => {
  it('never states how many samples a too-small group has (a count of one is one individual)', () => {
    const a = ids('A');
    const b = ids('B');
    const samplesByPatient = new Map<string, { idx: number; type: SampleType }[]>();
    samplesByPatient.set(a[0]!, [{ idx: 0, type: 'tumor' }]);
    b.forEach((id, i) => samplesByPatient.set(id, [{ idx: i + 1, type: 'tumor' }]));
    const data = { genes: [], vectors: [], vectorBySymbol: new Map(), samplesByPatient } as AnalysisData;
    const groups = sampleGroups(
      {
        id: 'cmp',
        a: { id: 'a', name: 'Group A', definition: {}, patientIds: a },
        b: { id: 'b', name: 'Group B', definition: {}, patientIds: b },
      },
      data,
      'TUMOR',
    );
    expect(groups.a.length).toBe(1);
    expect(groups.reason).toMatch(/Group A/);
    expect(groups.reason).not.toMatch(/\b1\b/);
  });
});
