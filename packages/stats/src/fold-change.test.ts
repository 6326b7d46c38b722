import { log2FoldChange } from './fold-change';
import { computedValues, expectNotComputable } from './test-support/expect-result';

describe('log2FoldChange', () => {
  it('is log2 of the ratio of linear-scale means', () => {
    expect(computedValues(log2FoldChange(8, 2)).log2FoldChange).toBe(2);
    expect(computedValues(log2FoldChange(7, 1, { pseudocount: 1 })).log2FoldChange).toBe(2);
  });

  it('refuses zero, negative and non-finite means without a pseudocount that fixes them', () => {
    expectNotComputable(log2FoldChange(0, 5), /positive values after the pseudocount.*use a pseudocount/);
    expectNotComputable(log2FoldChange(-2, 5, { pseudocount: 1 }), /positive values/);
    expectNotComputable(log2FoldChange(NaN, 1), /finite/);
    expectNotComputable(log2FoldChange(1, 1, { pseudocount: -1 }), /pseudocount must be/);
  });
});
