// Reads the README's shell examples and the output it shows for them, and compares that output
// with what a run printed. The README is the source: nothing here restates an expected value.
//
// Conventions (documented at the top of the README's examples, in HTML comments a reader does not see):
// - every ```sh block runs, in order, unless an HTML comment `<!-- readme-test: skip … -->`
//   stands right before it (with the reason);
// - `<!-- readme-test: stop-ledger -->` / `<!-- readme-test: start-ledger -->` before a block: the
//   ledger is stopped / started again (same data dir) before it runs;
// - a command's output is the `# …` lines right under it; or, for a block without them, the
//   plain ``` block right after it (the whole block's stdout);
// - `…` stands for anything (text the README leaves out).

/** One command (possibly several lines) of a shell block, and the output the README shows for it. */
export interface Segment {
  readonly script: string;
  readonly expected: string | undefined;
}

export interface ShellBlock {
  readonly line: number;
  readonly directive: 'run' | 'skip' | 'stop-ledger' | 'start-ledger';
  readonly segments: readonly Segment[];
  /** The output block right after it, when the block shows its output that way. */
  readonly output: string | undefined;
}

interface Fence {
  readonly info: string;
  readonly body: string[];
  /** The line of its opening fence (1-based). */
  readonly line: number;
  readonly end: number;
  readonly directive: string | undefined;
  readonly followedBy?: Fence;
}

function fences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const found: Fence[] = [];
  let lastComment: { text: string; line: number } | undefined;
  let open: { info: string; body: string[]; line: number; directive?: string } | undefined;
  for (const [i, text] of lines.entries()) {
    if (open !== undefined) {
      if (text !== '```') open.body.push(text);
      else {
        found.push({ ...open, directive: open.directive, end: i });
        open = undefined;
      }
      continue;
    }
    const comment = /^<!-- readme-test: (.+?) -->$/.exec(text);
    if (comment?.[1] !== undefined) lastComment = { text: comment[1], line: i };
    const fence = /^```(\w*)\s*$/.exec(text);
    if (fence === null) continue;
    const directive =
      lastComment !== undefined &&
      lines.slice(lastComment.line + 1, i).every((l) => l.trim() === '')
        ? lastComment.text
        : undefined;
    open = { info: fence[1] ?? '', body: [], line: i + 1, directive };
  }
  return found.map((f, k) => {
    const next = found[k + 1];
    const adjacent =
      next !== undefined &&
      next.info === '' &&
      lines.slice(f.end + 1, next.line - 1).every((l) => l.trim() === '');
    return adjacent ? { ...f, followedBy: next } : f;
  });
}

/** Splits a block into commands, each with the `# ` lines under it (its output) if any. */
function segments(body: readonly string[]): Segment[] {
  const out: Segment[] = [];
  let script: string[] = [];
  let expected: string[] = [];
  const flush = (): void => {
    if (script.length > 0)
      out.push({
        script: script.join('\n'),
        expected: expected.length > 0 ? expected.join('\n') : undefined,
      });
    script = [];
    expected = [];
  };
  for (const line of body) {
    if (line.startsWith('#')) expected.push(line.replace(/^# ?/, ''));
    else {
      if (expected.length > 0) flush();
      if (line.trim() !== '') script.push(line);
    }
  }
  flush();
  return out;
}

export function shellBlocks(markdown: string): ShellBlock[] {
  return fences(markdown)
    .filter((f) => f.info === 'sh' || f.info === 'bash')
    .map((f) => {
      const directive = f.directive?.split(/\s/)[0] ?? 'run';
      if (!['run', 'skip', 'stop-ledger', 'start-ledger'].includes(directive))
        throw new Error(`README line ${f.line}: unknown readme-test directive "${f.directive}"`);
      return {
        line: f.line,
        directive: directive as ShellBlock['directive'],
        segments: segments(f.body),
        output: f.followedBy?.body.join('\n'),
      };
    });
}

/** An `npm start` line: not run (the test runs the ledger), but its settings are the ledger's. */
export const NPM_START = /^((?:[A-Z_][A-Z0-9_]*=\S+\s+)*)npm start\b/;

/** The settings the README starts the ledger with (`VAR=value npm start`), from every run block. */
export function ledgerSettings(blocks: readonly ShellBlock[]): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const block of blocks.filter((b) => b.directive !== 'skip'))
    for (const segment of block.segments)
      for (const line of segment.script.split('\n')) {
        const prefix = NPM_START.exec(line)?.[1];
        for (const assignment of prefix?.trim().split(/\s+/).filter(Boolean) ?? []) {
          const name = assignment.slice(0, assignment.indexOf('='));
          const value = assignment.slice(assignment.indexOf('=') + 1);
          if (settings[name] !== undefined && settings[name] !== value)
            throw new Error(`README starts the ledger with two values of ${name}`);
          settings[name] = value;
        }
      }
  return settings;
}

/**
 * What legitimately differs between two runs: recording times (the clock's; the scenario's own
 * statement times are from 2025 and must match), and the hex of hashes, roots and key ids (the
 * signing key is generated per data dir, and every hash covers a recording time). UUIDs are not
 * replaced: the ledger derives them from the idempotency keys, so they must match too.
 */
export function normalise(text: string): string {
  return text
    .replace(/\b20(2[6-9]|[3-9]\d)-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<recorded-at>')
    .replace(/(?<![-0-9a-f])[0-9a-f]{8,}(?![-0-9a-f])/g, '<hex>');
}

/**
 * Whether `actual` is what `expected` shows: the same text once normalised, whitespace aside (the
 * README wraps long lines), `…` standing for anything.
 */
export function matchesShown(expected: string, actual: string): boolean {
  const squash = (s: string): string => normalise(s).replace(/\s+/g, '');
  const pattern = squash(expected)
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^]*?');
  return new RegExp(`^${pattern}$`).test(squash(actual));
}
