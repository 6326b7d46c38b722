import {
  buildAppRun,
  defaultFormValues,
  formatNumber,
  listApps,
  parseAppId,
  recordRunInput,
  sortRows,
  type AnalysisApp,
  type AnalysisResult,
} from '../lib/apps';
import { DIFFERENTIAL_EXPRESSION, GAPMINDER_FILTER, schemaFor } from './support/app-fixtures';

describe('results', () => {
  it('formats numbers for reading', () => {
    expect([0, 1.23456, -0.05, 2.1e-10, 123456.7, 1e9].map(formatNumber)).toEqual([
      '0',
      '1.235',
      '-0.05',
      '2.10e-10',
      '123500',
      '1.00e+9',
    ]);
  });

  it('sorts stably with empty cells last in both directions', () => {
    const rows = [
      ['a', 2],
      ['b', null],
      ['c', 10],
      ['d', 2],
    ];
    expect(sortRows(rows, 1, 'ascending').map((r) => r[0])).toEqual(['a', 'd', 'c', 'b']);
    expect(sortRows(rows, 1, 'descending').map((r) => r[0])).toEqual(['c', 'a', 'd', 'b']);
    expect(sortRows([['x10'], ['x9']], 0, 'ascending')).toEqual([['x9'], ['x10']]);
  });

  it('records a run with the versions of the answer, dropping the chart of an oversized result', () => {
    const schema = schemaFor(GAPMINDER_FILTER);
    const run = buildAppRun(GAPMINDER_FILTER, schema, defaultFormValues(GAPMINDER_FILTER, schema));
    if (!run.ok) throw new Error('expected a run');
    const result = {
      resultHash: 'sha256:abc',
      chart: { data: { values: 'x'.repeat(1_000_000) } },
      table: { columns: [], rows: [], rowCount: 0 },
    } as unknown as AnalysisResult;
    const extensions = { dataProducts: { gapminder: { version: '1.0.0', dataVersion: 'sha256:d' } } };
    const input = recordRunInput(
      GAPMINDER_FILTER,
      run.run,
      'Filter records: All records',
      result,
      extensions,
    );
    expect(input).toMatchObject({
      kind: 'APP_RUN',
      app: 'gapminder.filter',
      operationName: 'GapminderFilter',
      products: [{ name: 'gapminder', version: '1.0.0', dataVersion: 'sha256:d' }],
      resultHash: 'sha256:abc',
      result: { chart: null },
    });
  });
});

describe('app listing', () => {
  it('parses app ids and lists apps by product, then title', () => {
    expect(parseAppId('genomics.differentialExpression')).toEqual({
      product: 'genomics',
      name: 'differentialExpression',
    });
    expect(parseAppId('../etc')).toBeNull();
    const product = (name: string, apps: AnalysisApp[]) => ({
      field: `${name}Product`,
      name,
      title: name,
      version: '1',
      dataVersion: 'd',
      apps,
    });
    expect(
      listApps([
        product('genomics', [DIFFERENTIAL_EXPRESSION]),
        product('gapminder', [GAPMINDER_FILTER]),
      ]).map((a) => a.id),
    ).toEqual(['gapminder.filter', 'genomics.differentialExpression']);
  });
});
