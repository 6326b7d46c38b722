import {
  analysisResultPath,
  findAnalysisResults,
  findObjectList,
  singleAnalysisResult,
} from '../components/history/analysis-result';
import { csvField, csvFileName, keyValueRows, resultTable, toCsv, udatTable } from '../components/udats/csv';

const ANALYSIS = {
  app: 'clinical.cohortSummary',
  resultHash: 'sha256:abc',
  table: {
    columns: [
      { name: 'variable', title: 'Variable', type: 'STRING', unit: null },
      { name: 'n', title: 'n', type: 'INTEGER', unit: null },
    ],
    rows: [
      ['age', 294],
      ['label, with "quotes"\nand a newline', null],
    ],
    rowCount: 2,
  },
};

describe('toCsv (RFC 4180)', () => {
  it('quotes fields with commas, quotes or line breaks and ends lines with CRLF', () => {
    expect(
      toCsv({
        header: ['a', 'b'],
        rows: [
          ['x,y', 'say "hi"'],
          ['line\r\nbreak', 1.5],
          [null, true],
        ],
      }),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\r\nbreak",1.5\r\n,true\r\n');
  });

  it('writes objects as JSON (quoted: JSON has commas and quotes)', () => {
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvField(0)).toBe('0');
  });
});

describe('udatTable', () => {
  it('exports an AnalysisResult payload as its typed table', () => {
    expect(toCsv(udatTable('RESULT', ANALYSIS))).toBe(
      'variable,n\r\nage,294\r\n"label, with ""quotes""\nand a newline",\r\n',
    );
  });

  it('finds the analysis inside a whole answer', () => {
    expect(udatTable('RESULT', { cohort: { summary: ANALYSIS } }).header).toEqual(['variable', 'n']);
  });

  it('exports a result without analysis as its first list of objects', () => {
    expect(
      udatTable('RESULT', {
        patients: {
          nodes: [
            { id: 'P1', age: 40 },
            { id: 'P2', sex: 'F' },
          ],
        },
      }),
    ).toEqual({
      header: ['id', 'age', 'sex'],
      rows: [
        ['P1', 40, null],
        ['P2', null, 'F'],
      ],
    });
  });

  it('falls back to key/value rows for any other result', () => {
    expect(resultTable({ n: 4, nested: { x: [1, 2] } })).toEqual({
      header: ['key', 'value'],
      rows: [
        ['n', 4],
        ['nested.x[0]', 1],
        ['nested.x[1]', 2],
      ],
    });
  });

  it('exports a gene set as one column of symbols', () => {
    expect(toCsv(udatTable('GENE_SET', { genes: ['TP53', 'EGFR'] }))).toBe('symbol\r\nTP53\r\nEGFR\r\n');
  });

  it('exports a variable group as one column', () => {
    expect(udatTable('VARIABLE_GROUP', { variables: ['age', 'lab:4548-4'] }).rows).toEqual([
      ['age'],
      ['lab:4548-4'],
    ]);
  });

  it('exports a cohort as its criteria, nested paths dotted', () => {
    expect(
      toCsv(
        udatTable('COHORT', {
          diagnosis: 'E11',
          ageMin: 40,
          any: [{ sex: 'F' }, { not: { diagnosis: 'I10' } }],
        }),
      ),
    ).toBe('key,value\r\ndiagnosis,E11\r\nageMin,40\r\nany[0].sex,F\r\nany[1].not.diagnosis,I10\r\n');
    expect(keyValueRows({})).toEqual([]);
  });
});

describe('finding results', () => {
  it('finds analysis results and their paths', () => {
    const data = { cohort: { id: 'c', summary: ANALYSIS }, other: [{ x: 1 }] };
    expect(findAnalysisResults(data)).toEqual([ANALYSIS]);
    expect(singleAnalysisResult(data)).toBe(ANALYSIS);
    expect(analysisResultPath(data)).toEqual(['cohort', 'summary']);
    expect(singleAnalysisResult({ a: ANALYSIS, b: ANALYSIS })).toBeNull();
    expect(findAnalysisResults({ resultHash: 'x', table: 'not a table' })).toEqual([]);
  });

  it('finds the first list of objects', () => {
    expect(findObjectList({ a: 1, b: { c: [{ id: 1 }] } })).toEqual({ path: ['b', 'c'], items: [{ id: 1 }] });
    expect(findObjectList({ a: [1, 2] })).toBeNull();
  });
});

describe('csvFileName', () => {
  it('keeps a safe, readable name', () => {
    expect(csvFileName('T2D summary / Zürich')).toBe('T2D-summary-Zu-rich.csv');
    expect(csvFileName('***')).toBe('export.csv');
  });
});
