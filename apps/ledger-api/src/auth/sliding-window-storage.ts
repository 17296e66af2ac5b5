import type { ThrottlerStorage } from '@nestjs/throttler';

/** Slots per window: a hit is forgotten between one window and one window plus a slot after it. */
export const SLOTS_PER_WINDOW = 60;

/** The record @nestjs/throttler reads (ThrottlerStorageRecord); times are in whole seconds. */
export interface RateRecord {
  readonly totalHits: number;
  readonly timeToExpire: number;
  readonly isBlocked: boolean;
  readonly timeToBlockExpire: number;
}

/** One key's hits in the last window, counted per slot (a ring of SLOTS_PER_WINDOW + 1 counters). */
interface Counter {
  readonly ttlMs: number;
  readonly slots: number[];
  /** The absolute slot number (time / slot width) of the newest counter. */
  newest: number;
  total: number;
}

/**
 * The per-key rate limit's memory: at most `limit` requests in any window of `ttl` ms, in constant
 * time and memory per key. @nestjs/throttler's own in-memory storage keeps one timestamp per hit
 * and filters them all on every request, so a request's cost grows with the limit (a key allowed
 * 100,000 requests a minute pays for scanning up to 100,000 timestamps each time). Here hits are
 * counted in slots of ttl/SLOTS_PER_WINDOW ms; a hit counts until its slot is a whole window old,
 * which is at most one slot stricter than an exact sliding window. A key over its budget is
 * refused until enough of its window has passed to free one request (no extra penalty time).
 */
export class SlidingWindowStorage implements ThrottlerStorage {
  private readonly counters = new Map<string, Counter>();
  private lastSweepMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Keys holding a counter (for tests: idle keys are dropped). */
  get size(): number {
    return this.counters.size;
  }

  // The signature is ThrottlerStorage's: blockDuration and throttlerName are not needed here.
  async increment(key: string, ttl: number, limit: number): Promise<RateRecord> {
    const now = this.now();
    this.sweep(now, ttl);
    const width = slotWidth(ttl);
    const counter = this.counterOf(key, ttl, Math.floor(now / width));
    // A clock that stepped back counts into the newest slot rather than into one already forgotten.
    const slot = Math.max(Math.floor(now / width), counter.newest);
    advance(counter, slot);
    const isBlocked = counter.total >= limit;
    if (!isBlocked) {
      const index = ringIndex(slot, counter.slots.length);
      counter.total += 1;
      counter.slots[index] = (counter.slots[index] ?? 0) + 1;
    }
    return {
      totalHits: isBlocked ? counter.total + 1 : counter.total,
      timeToExpire: secondsUntil(now, (slot + counter.slots.length) * width),
      isBlocked,
      // Only a refusal needs to know when the oldest counted hit leaves (a scan of the ring).
      timeToBlockExpire: isBlocked
        ? secondsUntil(now, (oldestCounted(counter) + counter.slots.length) * width)
        : 0,
    };
  }

  private counterOf(key: string, ttl: number, slot: number): Counter {
    const existing = this.counters.get(key);
    if (existing && existing.ttlMs === ttl) return existing;
    const counter: Counter = {
      ttlMs: ttl,
      slots: new Array<number>(SLOTS_PER_WINDOW + 1).fill(0),
      newest: slot,
      total: 0,
    };
    this.counters.set(key, counter);
    return counter;
  }

  /** At most once a window: drops the keys with no hit left in it, so idle keys cost nothing. */
  private sweep(now: number, ttl: number): void {
    if (now - this.lastSweepMs < ttl) return;
    this.lastSweepMs = now;
    for (const [key, counter] of this.counters) {
      advance(counter, Math.floor(now / slotWidth(counter.ttlMs)));
      if (counter.total === 0) this.counters.delete(key);
    }
  }
}

function slotWidth(ttl: number): number {
  return Math.max(1, ttl / SLOTS_PER_WINDOW);
}

function ringIndex(slot: number, size: number): number {
  return ((slot % size) + size) % size;
}

/** Moves the ring to `slot`, forgetting the hits of the slots that left the window. */
function advance(counter: Counter, slot: number): void {
  if (slot <= counter.newest) return;
  const size = counter.slots.length;
  const steps = Math.min(slot - counter.newest, size);
  for (let i = 1; i <= steps; i++) {
    const index = ringIndex(counter.newest + i, size);
    counter.total -= counter.slots[index] ?? 0;
    counter.slots[index] = 0;
  }
  counter.newest = slot;
}

/** The absolute slot of the oldest hit still counted (the newest slot when none is). */
function oldestCounted(counter: Counter): number {
  const size = counter.slots.length;
  for (let age = size - 1; age > 0; age--) {
    if ((counter.slots[ringIndex(counter.newest - age, size)] ?? 0) > 0)
      return counter.newest - age;
  }
  return counter.newest;
}

/** Whole seconds from now until `ms`, at least 1 (what Retry-After and the reset header carry). */
function secondsUntil(now: number, ms: number): number {
  return Math.max(1, Math.ceil((ms - now) / 1000));
}
