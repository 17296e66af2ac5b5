import { formatNumber, type Spread, spreadOf } from './stats';

/** One goal of the issue, judged on this run's figures. */
export interface GoalResult {
  readonly goal: string;
  readonly target: string;
  readonly measured: string;
  /** undefined: not measured in this run (say why in `measured`). */
  readonly met: boolean | undefined;
}

/** A part of the report: what was measured and how, its table, and its goals. */
export interface Section {
  readonly title: string;
  /** Markdown: the method, stated so a reader can judge the comparison. */
  readonly method: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly goals: readonly GoalResult[];
  readonly notes?: readonly string[];
}

export const ratio = (ours: Spread, baseline: Spread): number => ours.median / baseline.median;

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a';
}

export function goalMark(met: boolean | undefined): string {
  return met === undefined ? '—' : met ? 'met' : '**missed**';
}

export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Per-run values of one series, collected while runs of several systems are interleaved. */
export class Series {
  private readonly values = new Map<string, number[]>();

  add(key: string, value: number): void {
    const list = this.values.get(key) ?? [];
    list.push(value);
    this.values.set(key, list);
  }

  spread(key: string): Spread {
    return spreadOf(this.values.get(key) ?? []);
  }
}

export { formatNumber };
