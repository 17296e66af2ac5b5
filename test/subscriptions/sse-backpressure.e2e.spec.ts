import { sourceRegistered, readLog } from './support/events';
import { type SseLedger, startSseLedger } from './support/sse-ledger';
import { SseReader } from './support/sse-reader';

/**
 * A slow consumer costs the server a bounded amount of memory. The log here (20 MB) is larger
 * than what the kernel's socket buffers on loopback can hold, so a client that stops reading
 * really does push back on the server.
 */
const LIMIT = 64 * 1024;
const EVENTS = 5000;
const PADDING = 4000;

let ledger: SseLedger;

async function appendLog(count: number, offset: number): Promise<void> {
  for (let i = offset; i < offset + count; i++) {
    await ledger.store.appendToStream(`source-${i}`, [sourceRegistered(i, PADDING)]);
  }
}

/** Waits until the server has stopped writing to the one open session (its queue no longer grows). */
async function settled(): Promise<void> {
  let previous = -1;
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [state] = ledger.connections.sessionStates();
    const now = state ? state.delivered : -2;
    if (now === previous) return;
    previous = now;
  }
  throw new Error('the session never settled');
}

beforeEach(async () => {
  ledger = await startSseLedger({
    sseEnv: { LEDGER_SSE_MAX_BUFFER_BYTES: String(LIMIT), LEDGER_SSE_PAGE_SIZE: '50' },
  });
});
afterEach(() => ledger.close());

it('catching up from 0 on a long log: the server waits for the socket to drain and never buffers the log', async () => {
  await appendLog(EVENTS, 0);
  const reader = new SseReader(`${ledger.url}/subscriptions/all?from=0`, ledger.auth);
  (await reader.opened).pause();
  await settled();
  const [state] = ledger.connections.sessionStates();
  expect(state).toMatchObject({ phase: 'history' });
  expect(state!.delivered).toBeLessThan(EVENTS / 2);
  // At most the socket's high-water mark and one frame: a page, never the 20 MB behind it.
  expect(state!.maxQueuedBytes).toBeLessThan(LIMIT);
  reader.resume();
  await reader.until((r) => r.events.length === EVENTS, 20_000);
  const log = await readLog(ledger.store);
  expect(reader.events.map((f) => f.id)).toEqual(log.map((e) => e.position.toString()));
  expect(reader.frames.some((f) => f.event === 'overflow')).toBe(false);
  reader.close();
});

it('live: a client that stops reading overflows its bounded buffer, gets the reason, and resumes from its last id with no gap', async () => {
  const reader = new SseReader(`${ledger.url}/subscriptions/all?from=end`, ledger.auth);
  (await reader.opened).pause();
  await appendLog(EVENTS, 0);
  await settled();
  expect(ledger.connections.stats).toMatchObject({ active: 0, overflowed: 1 });
  reader.resume();
  await reader.until((r) => r.ended, 20_000);
  const overflow = reader.frames.at(-1)!;
  expect(overflow.event).toBe('overflow');
  expect(overflow.retry).toBeDefined();
  const notice = JSON.parse(overflow.data!);
  expect(notice.reason).toBe('slow_consumer');
  const received = reader.events.map((f) => f.id!);
  expect(received.length).toBeLessThan(EVENTS);
  expect(received.length).toBeGreaterThan(0);
  expect(notice.lastEventId).toBe(received.at(-1));

  const resumed = new SseReader(`${ledger.url}/subscriptions/all`, {
    ...ledger.auth,
    'last-event-id': received.at(-1)!,
  });
  const log = await readLog(ledger.store);
  await resumed.until((r) => r.events.length === EVENTS - received.length, 20_000);
  expect([...received, ...resumed.events.map((f) => f.id)]).toEqual(
    log.map((e) => e.position.toString()),
  );
  resumed.close();
});

it('a burst larger than the limit (one batch of 2.4 MB) does not overflow a client that keeps reading', async () => {
  await ledger.close();
  ledger = await startSseLedger({
    catchUpPageSize: 5000,
    sseEnv: { LEDGER_SSE_MAX_BUFFER_BYTES: String(1024 * 1024) },
  });
  const reader = new SseReader(`${ledger.url}/subscriptions/all?from=end`, ledger.auth);
  await reader.until((r) => r.frames.some((f) => f.event === 'caughtUp'));
  await ledger.store.appendToStream(
    'source-burst',
    Array.from({ length: 600 }, (_, i) => sourceRegistered(i, PADDING)),
  );
  await reader.until((r) => r.events.length === 600, 20_000);
  expect(reader.frames.some((f) => f.event === 'overflow')).toBe(false);
  expect(ledger.connections.stats.overflowed).toBe(0);
  reader.close();
});
