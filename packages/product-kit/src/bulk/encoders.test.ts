import { csv, csvRaw, ndjson, type TableColumn } from './encoders';

const columns: TableColumn[] = [
  { name: 'id', kind: 'leaf' },
  { name: 'codes', kind: 'leafList' },
  { name: 'value', kind: 'leaf' },
];

describe('csv encoder (formula injection)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['+cmd|x', `'+cmd|x`],
    ['-2+3', `'-2+3`],
    ['\tindent', `'\tindent`],
    ['plain text', 'plain text'],
    ['-1.5', '-1.5'],
  ])('writes the stored text %j as %s', (stored, cell) => {
    expect(csv.row(columns, [stored, null, null])).toBe(`${cell},,\r\n`);
  });

  it('neutralises joined lists and JSON cells as whole cells, and leaves numbers alone', () => {
    expect(csv.row(columns, ['a', ['=1+1', 'b'], -3])).toBe(`a,'=1+1;b,-3\r\n`);
  });

  it('neutralises header names too', () => {
    expect(
      csv.header([
        { name: '=cmd', kind: 'leaf' },
        { name: 'id', kind: 'leaf' },
      ]),
    ).toBe(`'=cmd,id\r\n`);
  });

  it('writes exactly the stored text with the raw encoder (explicit opt-out)', () => {
    expect(csvRaw.row(columns, ['@SUM(A1:A9)', ['=1+1'], null])).toBe('@SUM(A1:A9),=1+1,\r\n');
    expect(csvRaw.header([{ name: '=cmd', kind: 'leaf' }])).toBe('=cmd\r\n');
  });

  it('leaves NDJSON alone (not read by spreadsheets as formulas)', () => {
    expect(ndjson.row(columns, ['=1', null, 2])).toBe('{"id":"=1","codes":null,"value":2}\n');
  });
});
