import { hashResult } from '@mesh/product-kit';
import { verifiedResultHash } from './request';

const body = { app: 'clinical.cohortSummary', title: 'Summary', table: { rows: [[1, 'a']] }, product: 'clinical' };

describe('verifiedResultHash', () => {
  it("keeps a product's hash of exactly the recorded content (row-level and aggregate forms)", () => {
    const rowLevel = { ...hashResult(body), disclosure: { mode: 'ROW_LEVEL' } };
    expect(verifiedResultHash(rowLevel)).toBe(rowLevel.resultHash);
    const aggregate = hashResult({ ...body, disclosure: { mode: 'AGGREGATE' } });
    expect(verifiedResultHash(aggregate)).toBe(aggregate.resultHash);
  });

  it('refuses a hash that does not cover what is recorded (a partial selection, an alias)', () => {
    const { resultHash } = hashResult(body);
    expect(verifiedResultHash({ resultHash, table: body.table })).toBeNull();
    // Any string field aliased `resultHash`, or a genuine hash next to aliased content.
    expect(verifiedResultHash({ ...body, resultHash: 'sha256:forged' })).toBeNull();
    expect(verifiedResultHash({ ...body, title: 'edited', resultHash })).toBeNull();
    expect(verifiedResultHash('text')).toBeNull();
  });
});
