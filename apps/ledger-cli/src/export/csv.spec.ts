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
    const text = rows.map(csvRow).join('');
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
});
