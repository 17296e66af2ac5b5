/**
 * Latencies in a fixed histogram (0.1 ms buckets up to 10 s, one overflow bucket), so workers can
 * send their samples as counts and the totals merge exactly.
 */
export const BUCKET_MS = 0.1;
const BUCKETS = 100_000;

export class LagHistogram {
  readonly counts: number[];
  count = 0;
  max = 0;

  constructor(counts?: readonly number[]) {
    this.counts = counts ? [...counts] : new Array<number>(BUCKETS + 1).fill(0);
    this.count = this.counts.reduce((a, b) => a + b, 0);
  }

  record(ms: number): void {
    const bucket = Math.min(BUCKETS, Math.max(0, Math.floor(ms / BUCKET_MS)));
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.count += 1;
    this.max = Math.max(this.max, ms);
  }

  merge(other: LagHistogram): void {
    other.counts.forEach((n, i) => (this.counts[i] = (this.counts[i] ?? 0) + n));
    this.count += other.count;
    this.max = Math.max(this.max, other.max);
  }

  /** The upper edge of the bucket holding the q-quantile, in ms. */
  quantile(q: number): number {
    const target = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= target && seen > 0) return Math.round((i + 1) * BUCKET_MS * 10) / 10;
    }
    return Number.NaN;
  }
}
