/** Vega-Lite v5 specifications with inline data: a UI renders them as they are (vega-embed). */
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
type Spec = Record<string, unknown>;

/** Chart data needs no more precision than the eye sees; rounding keeps specs small. */
export function roundForChart(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : Number(value.toPrecision(6));
}

export function barChart(options: {
  title: string;
  values: { category: string; group: string; value: number }[];
  categoryTitle: string;
  valueTitle: string;
}): Spec {
  return {
    $schema: SCHEMA,
    title: options.title,
    data: { values: options.values.map((v) => ({ ...v, value: roundForChart(v.value) })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'category', type: 'nominal', title: options.categoryTitle, sort: null },
      xOffset: { field: 'group' },
      y: { field: 'value', type: 'quantitative', title: options.valueTitle },
      color: { field: 'group', type: 'nominal', title: 'Group' },
    },
  };
}

export function boxPlot(options: {
  title: string;
  values: { group: string; value: number }[];
  valueTitle: string;
}): Spec {
  return {
    $schema: SCHEMA,
    title: options.title,
    data: { values: options.values.map((v) => ({ group: v.group, value: roundForChart(v.value) })) },
    mark: { type: 'boxplot', extent: 1.5 },
    encoding: {
      x: { field: 'group', type: 'nominal', title: 'Group' },
      y: { field: 'value', type: 'quantitative', title: options.valueTitle, scale: { zero: false } },
      color: { field: 'group', type: 'nominal', legend: null },
    },
  };
}

export function scatterPlot(options: {
  title: string;
  points: { x: number; y: number }[];
  xTitle: string;
  yTitle: string;
}): Spec {
  return {
    $schema: SCHEMA,
    title: options.title,
    data: { values: options.points.map((p) => ({ x: roundForChart(p.x), y: roundForChart(p.y) })) },
    layer: [
      {
        mark: { type: 'point', opacity: 0.5 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: options.xTitle, scale: { zero: false } },
          y: { field: 'y', type: 'quantitative', title: options.yTitle, scale: { zero: false } },
        },
      },
      {
        mark: { type: 'line', color: 'firebrick' },
        transform: [{ regression: 'y', on: 'x' }],
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
    ],
  };
}

export function volcanoPlot(options: {
  title: string;
  points: { gene: string; log2FoldChange: number; pValue: number; significant: boolean }[];
}): Spec {
  return {
    $schema: SCHEMA,
    title: options.title,
    data: {
      values: options.points.map((p) => ({
        gene: p.gene,
        log2FoldChange: roundForChart(p.log2FoldChange),
        minusLog10P: roundForChart(-Math.log10(Math.max(p.pValue, Number.MIN_VALUE))),
        significant: p.significant,
      })),
    },
    mark: { type: 'point', filled: true, opacity: 0.6, tooltip: true },
    encoding: {
      x: { field: 'log2FoldChange', type: 'quantitative', title: 'log2 fold change (A vs B)' },
      y: { field: 'minusLog10P', type: 'quantitative', title: '-log10 p' },
      color: {
        field: 'significant',
        type: 'nominal',
        title: 'FDR < threshold',
        scale: { range: ['#9ca3af', '#dc2626'] },
      },
      tooltip: [{ field: 'gene' }, { field: 'log2FoldChange' }, { field: 'minusLog10P' }],
    },
  };
}

export function survivalPlot(options: {
  title: string;
  steps: { group: string; time: number; survival: number; lower: number | null; upper: number | null }[];
  timeTitle: string;
}): Spec {
  const values = options.steps.map((s) => ({
    group: s.group,
    time: roundForChart(s.time),
    survival: roundForChart(s.survival),
    lower: roundForChart(s.lower),
    upper: roundForChart(s.upper),
  }));
  const x = { field: 'time', type: 'quantitative', title: options.timeTitle };
  return {
    $schema: SCHEMA,
    title: options.title,
    data: { values },
    encoding: { x, color: { field: 'group', type: 'nominal', title: 'Group' } },
    layer: [
      {
        mark: { type: 'area', opacity: 0.15, interpolate: 'step-after' },
        encoding: { y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } },
      },
      {
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          y: {
            field: 'survival',
            type: 'quantitative',
            title: 'Survival probability',
            scale: { domain: [0, 1] },
          },
        },
      },
    ],
  };
}

/**
 * A box plot drawn from group statistics only (Q1, median, Q3 of groups of k or more): what an
 * aggregate-only caller gets instead of a box plot of every value, whose whiskers and outliers are
 * individuals. Groups below k are a mark with `suppressed: true` and no values.
 */
export function aggregateBoxPlot(
  result: { title: string; table: { columns: { name: string }[] }; chart: Record<string, unknown> | null },
  rows: readonly unknown[][],
): Spec {
  const at = (name: string) => result.table.columns.findIndex((column) => column.name === name);
  const [group, n, median, q1, q3] = ['group', 'n', 'median', 'q1', 'q3'].map(at) as number[];
  const y = (result.chart?.encoding as { y?: { title?: unknown } } | undefined)?.y?.title ?? 'Value';
  const values = rows.map((row) =>
    row[n!] === null
      ? { group: String(row[group!]), suppressed: true }
      : {
          group: String(row[group!]),
          n: row[n!],
          q1: roundForChart(row[q1!] as number | null),
          median: roundForChart(row[median!] as number | null),
          q3: roundForChart(row[q3!] as number | null),
        },
  );
  return {
    $schema: SCHEMA,
    title: (result.chart?.title as string | undefined) ?? result.title,
    data: { values },
    encoding: { x: { field: 'group', type: 'nominal', title: 'Group' } },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.5, tooltip: true },
        encoding: {
          y: { field: 'q1', type: 'quantitative', title: y, scale: { zero: false } },
          y2: { field: 'q3' },
          color: { field: 'group', type: 'nominal', legend: null },
        },
      },
      {
        mark: { type: 'tick', color: 'black', size: 30 },
        encoding: { y: { field: 'median', type: 'quantitative' } },
      },
    ],
  };
}
