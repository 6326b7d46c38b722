import { chiSquareUpperTail } from './distributions';
import { hypergeometricTail, hypergeometricTwoSided } from './hypergeometric';
import { computed, isCount, notComputable, type StatResult } from './result';

export type ContingencyTable = ReadonlyArray<ReadonlyArray<number>>;

export type ChiSquareTest = {
  statistic: number;
  df: number;
  pValue: number;
  /** Expected counts under independence (row total × column total / grand total). */
  expected: number[][];
  /** Cramér's V from the uncorrected statistic (as scipy.stats.contingency.association), in [0, 1]. */
  cramersV: number;
  /** Whether Yates' continuity correction was applied (only ever for 2×2 tables). */
  yatesApplied: boolean;
  minExpected: number;
  cellsWithExpectedBelow5: number;
  /**
   * Some expected count is below 5, the classic warning that the chi-square approximation may be poor. For a
   * 2×2 table switch to `fisherExactTest`; for larger tables Cochran's rule tolerates up to 20% of cells below 5
   * (none below 1): check `cellsWithExpectedBelow5` and `minExpected`.
   */
  sparse: boolean;
};

export type ChiSquareOptions = {
  /** Yates' continuity correction for 2×2 tables. Default true, like scipy's chi2_contingency and R's chisq.test. */
  yates?: boolean;
};

/** Pearson's chi-square test of independence on an r×c table of counts (scipy.stats.chi2_contingency). */
export function chiSquareTest(
  table: ContingencyTable,
  options: ChiSquareOptions = {},
): StatResult<ChiSquareTest> {
  const problem = tableReason(table, false);
  if (problem) return notComputable(problem);
  const rows = table.length;
  const cols = table[0]!.length;
  const { rowTotals, colTotals, total } = marginsOf(table);
  const expected = rowTotals.map((r) => colTotals.map((c) => (r * c) / total));
  const df = (rows - 1) * (cols - 1);
  const yatesApplied = (options.yates ?? true) && df === 1;
  let statistic = 0;
  let uncorrected = 0;
  let minExpected = Infinity;
  let cellsWithExpectedBelow5 = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const e = expected[i]![j]!;
      const diff = table[i]![j]! - e;
      uncorrected += (diff * diff) / e;
      // Yates moves each observed count up to 0.5 toward its expected count (never past it), as scipy does.
      const shrunk = yatesApplied ? Math.sign(diff) * Math.max(0, Math.abs(diff) - 0.5) : diff;
      statistic += (shrunk * shrunk) / e;
      minExpected = Math.min(minExpected, e);
      if (e < 5) cellsWithExpectedBelow5++;
    }
  }
  return computed({
    statistic,
    df,
    pValue: chiSquareUpperTail(statistic, df),
    expected,
    cramersV: Math.min(1, Math.sqrt(uncorrected / (total * (Math.min(rows, cols) - 1)))),
    yatesApplied,
    minExpected,
    cellsWithExpectedBelow5,
    sparse: cellsWithExpectedBelow5 > 0,
  });
}

export type FisherExactTest = {
  /**
   * Sample odds ratio (a·d)/(b·c) of [[a, b], [c, d]], as scipy. null when b·c = 0: the sample odds ratio is
   * infinite there (the p-values are still valid); `oddsRatioHaldane` is always finite.
   */
  oddsRatio: number | null;
  /** (a+½)(d+½) / ((b+½)(c+½)): the Haldane–Anscombe odds ratio, finite for tables with zero cells. */
  oddsRatioHaldane: number;
  /** Two-sided p: the probability of all tables (same margins) no more probable than the observed one. */
  pValue: number;
  /** One-sided p for an odds ratio < 1: P(X ≤ a). */
  pValueLess: number;
  /** One-sided p for an odds ratio > 1: P(X ≥ a). */
  pValueGreater: number;
};

/** Fisher's exact test on a 2×2 table [[a, b], [c, d]] (scipy.stats.fisher_exact). */
export function fisherExactTest(table: ContingencyTable): StatResult<FisherExactTest> {
  if (table.length !== 2 || table.some((row) => row.length !== 2)) {
    return notComputable(`Fisher's exact test needs a 2×2 table (got ${describeShape(table)})`);
  }
  const problem = tableReason(table, true);
  if (problem) return notComputable(problem);
  const [[a, b], [c, d]] = table as [[number, number], [number, number]];
  // Conditioning on the margins: a ~ Hypergeometric(population = total, marked = row 1, draws = column 1).
  const h = { population: a + b + c + d, marked: a + b, draws: a + c };
  return computed({
    oddsRatio: b * c === 0 ? null : (a * d) / (b * c),
    oddsRatioHaldane: ((a + 0.5) * (d + 0.5)) / ((b + 0.5) * (c + 0.5)),
    pValue: hypergeometricTwoSided(h, a),
    pValueLess: hypergeometricTail(h, a, 'lower'),
    pValueGreater: hypergeometricTail(h, a, 'upper'),
  });
}

function tableReason(table: ContingencyTable, integerCounts: boolean): string | null {
  if (!Array.isArray(table) || table.length === 0) return 'the table is empty';
  const cols = table[0]!.length;
  if (table.some((row) => !Array.isArray(row) || row.length !== cols)) {
    return `every row must have the same number of columns (got ${describeShape(table)})`;
  }
  if (table.length < 2 || cols < 2) {
    return `a test of independence needs at least 2 rows and 2 columns (got ${describeShape(table)})`;
  }
  for (let i = 0; i < table.length; i++) {
    for (let j = 0; j < cols; j++) {
      const v = table[i]![j]!;
      const ok = integerCounts ? isCount(v) : Number.isFinite(v) && v >= 0;
      if (!ok)
        return `cell [${i}][${j}] = ${v} is not a non-negative ${integerCounts ? 'integer' : 'finite'} count`;
    }
  }
  const { rowTotals, colTotals } = marginsOf(table);
  const emptyRow = rowTotals.indexOf(0);
  if (emptyRow >= 0)
    return `row ${emptyRow} is empty (all counts zero), so the expected counts are undefined`;
  const emptyCol = colTotals.indexOf(0);
  if (emptyCol >= 0)
    return `column ${emptyCol} is empty (all counts zero), so the expected counts are undefined`;
  return null;
}

function marginsOf(table: ContingencyTable): { rowTotals: number[]; colTotals: number[]; total: number } {
  const rowTotals = table.map((row) => row.reduce((sum, v) => sum + v, 0));
  const colTotals = table[0]!.map((_, j) => table.reduce((sum, row) => sum + row[j]!, 0));
  return { rowTotals, colTotals, total: rowTotals.reduce((sum, v) => sum + v, 0) };
}

function describeShape(table: ContingencyTable): string {
  if (!Array.isArray(table)) return 'not an array';
  return `${table.length} row(s) of length ${[...new Set(table.map((row) => (Array.isArray(row) ? row.length : '?')))].join('/')}`;
}
