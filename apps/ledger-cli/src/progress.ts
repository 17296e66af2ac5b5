import type { Output } from './io';

const count = (n: number): string => n.toLocaleString('en-US');
const BAR_WIDTH = 24;
const REDRAW_MS = 100;

export interface ProgressOptions {
  /** What is counted, plural: "events", "commands". */
  readonly unit: string;
  /** What is being done, for the final line: "verified", "replayed". */
  readonly verb: string;
  readonly clock?: () => number;
}

/**
 * A progress bar for long operations, on stderr so stdout stays clean for results. On a terminal
 * it redraws one line in place (count, rate, and a bar when the total is known); otherwise it
 * prints nothing until the single final count/rate line, so logs and pipes stay readable.
 */
export class Progress {
  private readonly clock: () => number;
  private started: number;
  private lastDraw = -Infinity;
  private done = 0;
  private total: number | undefined;
  private drawn = false;
  private unit: string;
  private verb: string;

  constructor(
    private readonly out: Output,
    private readonly options: ProgressOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.started = this.clock();
    this.unit = options.unit;
    this.verb = options.verb;
  }

  /** Starts the clock again: the rate counts from the first unit of work, not from the set-up before it. */
  restart(): this {
    this.started = this.clock();
    return this;
  }

  /** What is counted and how it is said, when the one reading decides (a replay counts events, an API reader records). */
  counting(unit: string, verb?: string): this {
    this.unit = unit;
    if (verb !== undefined) this.verb = verb;
    return this;
  }

  update(done: number, total?: number): void {
    this.done = done;
    if (total !== undefined) this.total = total;
    if (!this.out.isTTY) return;
    const now = this.clock();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.drawn = true;
    this.out.write(`\r${this.line()}\u001b[K`);
  }

  /** Ends the bar with the final count and rate (always printed, terminal or not). */
  finish(summary?: string): void {
    const line = `${this.verb} ${count(this.done)} ${this.unit} in ${this.seconds().toFixed(1)} s (${count(this.rate())} ${this.unit}/s)`;
    this.out.write(
      `${this.drawn ? '\r' : ''}${summary ? `${line}; ${summary}` : line}${this.drawn ? '\u001b[K' : ''}\n`,
    );
  }

  private seconds(): number {
    return Math.max(1, this.clock() - this.started) / 1000;
  }

  private rate(): number {
    return Math.round(this.done / this.seconds());
  }

  private line(): string {
    const rate = `${count(this.done)} ${this.unit}  ${count(this.rate())} ${this.unit}/s`;
    if (this.total === undefined || this.total === 0) return rate;
    const ratio = Math.min(1, this.done / this.total);
    const filled = Math.round(ratio * BAR_WIDTH);
    const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
    return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${percent}  ${count(this.done)}/${count(this.total)} ${rate.slice(rate.indexOf(' ') + 1)}`;
  }
}
