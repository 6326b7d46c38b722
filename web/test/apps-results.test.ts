import {
  formatNumber,
  listApps,
  parseAppId,
  recordRunRequest,
  sortRows,
  type AnalysisApp,
} from '../lib/apps';
import { DIFFERENTIAL_EXPRESSION, GAPMINDER_FILTER } from './support/app-fixtures';

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

  it("asks the gateway to record a run with its title and app only: lineage and result are the platform's", () => {
    expect(recordRunRequest(GAPMINDER_FILTER, 'Filter records: All records')).toEqual({
      kind: 'APP_RUN',
      app: 'gapminder.filter',
      title: 'Filter records: All records',
      resultPath: [GAPMINDER_FILTER.entry, 'result'],
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
