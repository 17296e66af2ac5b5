import { SLOTS_PER_WINDOW, SlidingWindowStorage } from './sliding-window-storage';

const WINDOW = 60_000;
const SLOT = WINDOW / SLOTS_PER_WINDOW;

describe('SlidingWindowStorage', () => {
  let now = 0;
  let storage: SlidingWindowStorage;
  const hit = (key = 'k', limit = 3) => storage.increment(key, WINDOW, limit);
  beforeEach(() => {
    now = 1_000_000;
    storage = new SlidingWindowStorage(() => now);
  });

  it('allows `limit` requests in a window, then refuses with the time until one frees', async () => {
    expect((await hit()).totalHits).toBe(1);
    now += 10_000;
    await hit();
    now += 10_000;
    const third = await hit();
    expect(third).toMatchObject({ totalHits: 3, isBlocked: false, timeToBlockExpire: 0 });
    now += 10_000;
    const refused = await hit();
    expect(refused).toMatchObject({ totalHits: 4, isBlocked: true });
    // The first hit (30 s ago) leaves the window in 30 s, give or take a slot.
    expect(refused.timeToBlockExpire).toBeGreaterThanOrEqual(30);
    expect(refused.timeToBlockExpire).toBeLessThanOrEqual(30 + SLOT / 1000);
  });

  it('frees requests as their hits leave the window (a sliding window, not a fixed one)', async () => {
    await hit();
    now += 30_000;
    await hit();
    await hit();
    expect((await hit()).isBlocked).toBe(true);
    // The first hit has left the window; the two later ones have not.
    now += 30_000 + SLOT;
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 3 });
    expect((await hit()).isBlocked).toBe(true);
    // A whole window later everything is forgotten.
    now += WINDOW + SLOT;
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('never allows more than `limit` in any window, whatever the spacing', async () => {
    const limit = 50;
    const accepted: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      now += (i * 7919) % 1_700; // irregular gaps, 0 to 1.7 s
      if (!(await hit('k', limit)).isBlocked) accepted.push(now);
    }
    let start = 0;
    for (let end = 0; end < accepted.length; end++) {
      while ((accepted[end] as number) - (accepted[start] as number) >= WINDOW) start++;
      expect(end - start + 1).toBeLessThanOrEqual(limit);
    }
    // And it is not much stricter than that: over the run it accepted close to the limit per window.
    expect(accepted.length).toBeGreaterThan(((now - 1_000_000) / WINDOW) * limit * 0.8);
  });

  it('keeps one budget per key', async () => {
    for (let i = 0; i < 3; i++) await hit('a');
    expect((await hit('a')).isBlocked).toBe(true);
    expect((await hit('b')).isBlocked).toBe(false);
  });

  it('forgets keys that have been idle for a window', async () => {
    await hit('a');
    await hit('b');
    expect(storage.size).toBe(2);
    now += 2 * WINDOW;
    await hit('c');
    expect(storage.size).toBe(1);
  });

  it('counts a huge budget exactly, with one counter for the key', async () => {
    for (let i = 0; i < 100_000; i++) await hit('big', 1_000_000_000);
    expect((await hit('big', 1_000_000_000)).totalHits).toBe(100_001);
    expect(storage.size).toBe(1);
  });
});
