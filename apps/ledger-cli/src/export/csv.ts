/** RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, a quote, a line break or edge spaces. */

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * OWASP's CSV-injection guidance: a spreadsheet runs a cell that starts with =, +, -, @, a tab
 * or a carriage return as a formula (`=HYPERLINK(…)`, `@SUM(…)`, DDE). Such text cells get a
 * leading single quote, which spreadsheets show as text. The fullwidth forms are included:
 * some spreadsheets fold them to the ASCII ones. Numbers are never text cells here, so a
 * negative count stays a number (see CellValue).
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell as a column computes it: numbers stay numbers, absent is empty. */
export type CellValue = string | number | null | undefined;

export interface CsvOptions {
  /** Cells exactly as recorded, for programs rather than spreadsheets: no formula escaping. */
  readonly raw?: boolean;
}

function cellText(value: CellValue, options: CsvOptions): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return options.raw ? value : neutraliseFormula(value);
}

export function csvRow(fields: readonly CellValue[], options: CsvOptions = {}): string {
  return `${fields.map((f) => csvField(cellText(f, options))).join(',')}\r\n`;
}

/** The byte-order mark: spreadsheets read a file that starts with it as UTF-8, not ANSI. */
export const UTF8_BOM = '\uFEFF';

/** Parses CSV text (CRLF or LF line ends, quoted fields with doubled quotes and line breaks) into rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    const [field, next] = text[i] === '"' ? quotedField(text, i + 1) : plainField(text, i);
    row.push(field);
    i = next;
    if (text[i] === ',') {
      i += 1;
      if (i === text.length) row.push('');
      continue;
    }
    rows.push(row);
    row = [];
    i += text.startsWith('\r\n', i) ? 2 : 1;
  }
  return rows;
}

/** A field up to the next comma or line end; returns it and where it stopped. */
function plainField(text: string, start: number): [string, number] {
  let end = start;
  while (end < text.length && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++;
  return [text.slice(start, end), end];
}

/** A quoted field from just after its opening quote: "" is a quote; returns it and the index after the closing quote. */
function quotedField(text: string, start: number): [string, number] {
  let value = '';
  let i = start;
  for (;;) {
    const close = text.indexOf('"', i);
    if (close === -1) return [value + text.slice(i), text.length];
    value += text.slice(i, close);
    if (text[close + 1] !== '"') return [value, close + 1];
    value += '"';
    i = close + 2;
  }
}
