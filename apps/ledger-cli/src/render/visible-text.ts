/**
 * Text from the ledger reaches an auditor's terminal: a recorded ESC, CR or BEL could erase or
 * forge report lines, a bidi override reorder them. Everything that is not printed as itself
 * (control characters, C1 included; format characters such as bidi controls and zero-width
 * characters; line and paragraph separators; lone surrogates) is shown as a visible escape:
 * ESC as \x1B, U+202E as \u202E. Input refuses these since issue 14, but older logs, other
 * writers and the API's answers may still hold them.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;

function escapeOf(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase();
  return code <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
}

/** One line as it may be printed: nothing in it moves the cursor, rings, or reorders text. */
export function visible(text: string): string {
  return text.replace(HIDDEN, escapeOf);
}

/** Several lines of text (a message, a stack): line feeds kept, everything else made visible. */
export function visibleLines(text: string): string {
  return text.split('\n').map(visible).join('\n');
}

/** A report from its lines, each made visible (a line feed inside a value is escaped too). */
export function reportOf(lines: readonly string[]): string {
  return `${lines.map(visible).join('\n')}\n`;
}

/** JSON.stringify leaves DEL, C1 and format characters raw: \u-escape them too, same value. */
export function visibleJson(jsonText: string): string {
  return jsonText.replace(
    /[\u007F-\u009F\p{Cf}\u2028\u2029]/gu,
    // Per UTF-16 unit, so a character beyond U+FFFF becomes a valid JSON surrogate pair.
    (char) =>
      Array.from(
        { length: char.length },
        (_, i) => `\\u${char.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`,
      ).join(''),
  );
}
