import { editDistance, suggestClosest } from './suggest';

describe('suggestClosest', () => {
  it('ranks an other-case match first, then by edits', () => {
    expect(suggestClosest(['EGFR', 'ERG', 'ESR1', 'TP53'], 'egfr')).toEqual(['EGFR']);
    expect(suggestClosest(['EGFR', 'ERG', 'ESR1', 'TP53'], 'EGRF')).toEqual(['EGFR', 'ERG', 'ESR1']);
    expect(suggestClosest(['4544-3', '4548-4', '718-7'], '4548-5')).toEqual(['4548-4', '4544-3']);
    expect(suggestClosest(['TP53'], 'XXXXXXXX')).toEqual([]);
  });

  it('computes edit distances with an early exit', () => {
    expect(editDistance('KITTEN', 'SITTING', 5)).toBe(3);
    expect(editDistance('KITTEN', 'SITTING', 1)).toBe(2);
  });
});
