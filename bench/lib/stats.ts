/** Figures over several runs: the median and the spread, as the report prints them. */

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** The values behind the figure, in the order they were measured. */
  readonly runs: readonly number[];
}

/** The p-th percentile (0-100) by linear interpolation between closest ranks; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  return lowValue + ((sorted[high] as number) - lowValue) * (rank - low);
}

export function spreadOf(runs: readonly number[]): Spread {
  return {
    median: percentile(runs, 50),
    min: runs.length === 0 ? Number.NaN : Math.min(...runs),
    max: runs.length === 0 ? Number.NaN : Math.max(...runs),
    runs,
  };
}

/** Latencies in ms, kept sorted once for several percentiles. */
export function latencySummary(samplesMs: readonly number[]): {
  p50: number;
  p99: number;
  count: number;
} {
  return {
    p50: percentile(samplesMs, 50),
    p99: percentile(samplesMs, 99),
    count: samplesMs.length,
  };
}

/** 1234.5 -> "1,235"; small values keep up to 2 significant decimals. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** "1,234 (1,100–1,300)": the median, then min–max when there was more than one run. */
export function formatSpread(spread: Spread): string {
  if (spread.runs.length <= 1) return formatNumber(spread.median);
  return `${formatNumber(spread.median)} (${formatNumber(spread.min)}–${formatNumber(spread.max)})`;
}
