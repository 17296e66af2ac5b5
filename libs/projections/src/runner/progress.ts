import { type RebuildProgress } from './rebuild';

const WIDTH = 30;
const count = (n: number | bigint): string => n.toLocaleString('en-US');

/** One line of the rebuild's progress bar, e.g. `[#########.....]  62%  620,000 events  41,300 events/s`. */
export function renderProgress(p: RebuildProgress): string {
  const ratio = p.head === 0n ? 1 : Math.min(1, Number(p.position) / Number(p.head));
  const filled = Math.round(ratio * WIDTH);
  const rate = Math.round((p.events * 1000) / Math.max(1, p.elapsedMs));
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${percent}  ${count(p.events)} events  ${count(rate)} events/s  position ${count(p.position)}/${count(p.head)}`;
}

export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * Draws progress on a terminal (one line, redrawn in place) or, when the output is a file or a
 * pipe, one line per `everyMs` so logs stay readable. Call `done` to end the line.
 */
export function progressBar(
  out: ProgressOutput,
  everyMs = 1000,
  clock: () => number = Date.now,
): { update(p: RebuildProgress): void; done(p?: RebuildProgress): void } {
  let lastLine = -Infinity;
  let last: RebuildProgress | undefined;
  let shown: RebuildProgress | undefined;
  return {
    update(p) {
      last = p;
      if (out.isTTY) {
        out.write(`\r${renderProgress(p)}`);
        shown = p;
      } else if (clock() - lastLine >= everyMs) {
        lastLine = clock();
        out.write(`${renderProgress(p)}\n`);
        shown = p;
      }
    },
    done(p = last) {
      if (p === undefined) return;
      if (out.isTTY) out.write(`\r${renderProgress(p)}\n`);
      else if (p !== shown) out.write(`${renderProgress(p)}\n`);
    },
  };
}
