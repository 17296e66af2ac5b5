import { csvRow, parseCsv } from './csv';

describe('CSV', () => {
  it('quotes what needs quoting and parses it back', () => {
    const rows = [
      [
        'plain',
        'with, comma',
        'with "quotes"',
        'line\nbreak',
        ' edge ',
        '',
        'Another 1,245 bodies — returned',
      ],
      ['', '', '', '', '', '', ''],
    ];
    const text = rows.map((r) => csvRow(r)).join('');
    expect(text.split('\r\n')[0]).toBe(
      'plain,"with, comma","with ""quotes""","line\nbreak"," edge ",,"Another 1,245 bodies — returned"',
    );
    expect(parseCsv(text)).toEqual(rows);
  });

  it('reads LF line ends and a last line without one', () => {
    expect(parseCsv('a,b\n1,"2"')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('escapes text that would run as a formula, but not numbers (OWASP CSV injection)', () => {
    expect(csvRow([-5, '-5', '=1+1', '+1', '@A1', '\tx', '\rx', '\uFF1D1', 'a=b', 3.5, null])).toBe(
      "-5,'-5,'=1+1,'+1,'@A1,'\tx,\"'\rx\",'\uFF1D1,a=b,3.5,\r\n",
    );
    expect(csvRow(['=1+1', '-5'], { raw: true })).toBe('=1+1,-5\r\n');
  });
});
