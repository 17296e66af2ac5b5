import { newApiKey } from '../../apps/ledger-api/src/auth';
import { sourceRegistered } from './support/events';
import { type SseLedger, startSseLedger } from './support/sse-ledger';
import { getJson, SseReader, until } from './support/sse-reader';

/**
 * The caps on open streams (per key: 429, in total: 503, both problem+json with Retry-After), and
 * the stall timeout: a client that reads nothing is dropped once its socket has pushed back for
 * LEDGER_SSE_STALL_TIMEOUT_MS.
 */
const PER_KEY = 3;
const TOTAL = 5;
const keys = [newApiKey('first', ['subscriber']), newApiKey('second', ['subscriber'])];
const bearer = (i: number): Record<string, string> => ({
  authorization: `Bearer ${keys[i]!.token}`,
});

let ledger: SseLedger;
const readers: SseReader[] = [];

function follow(i: number, path = '/subscriptions/all?from=end'): SseReader {
  const reader = new SseReader(`${ledger.url}${path}`, bearer(i));
  readers.push(reader);
  return reader;
}

afterEach(async () => {
  readers.splice(0).forEach((r) => r.close());
  await ledger.close();
});

it(`caps streams per key (${PER_KEY}: 429) and in total (${TOTAL}: 503), counting each until it ends`, async () => {
  ledger = await startSseLedger({
    extraKeys: keys.map((k) => k.record),
    sseEnv: {
      LEDGER_SSE_MAX_PER_KEY: String(PER_KEY),
      LEDGER_SSE_MAX_CONNECTIONS: String(TOTAL),
    },
  });
  const first = Array.from({ length: PER_KEY }, () => follow(0));
  await Promise.all(first.map((r) => r.opened));
  const perKey = await getJson(`${ledger.url}/subscriptions/all`, bearer(0));
  expect(perKey).toMatchObject({
    status: 429,
    body: { status: 429, code: 'too_many_streams' },
  });
  expect(perKey.contentType).toContain('application/problem+json');

  const second = [follow(1), follow(1)];
  await Promise.all(second.map((r) => r.opened));
  const response = await fetch(`${ledger.url}/subscriptions/all`, { headers: bearer(1) });
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await response.json()).toMatchObject({ code: 'stream_capacity_reached' });
  expect(ledger.connections.stats).toMatchObject({
    active: TOTAL,
    refusedPerKey: 1,
    refusedTotal: 1,
  });

  // A stream that ends frees its place (for its key and in total).
  first[0]!.close();
  await until(() => ledger.connections.stats.active < TOTAL, 10_000);
  const again = follow(0);
  expect((await again.opened).statusCode).toBe(200);
});

it('drops a client that reads nothing once its socket has pushed back for the stall timeout', async () => {
  ledger = await startSseLedger({
    extraKeys: keys.map((k) => k.record),
    sseEnv: { LEDGER_SSE_STALL_TIMEOUT_MS: '5000' },
  });
  // 20 MB: more than loopback's socket buffers hold, so the server's writes are refused.
  for (let i = 0; i < 50; i++)
    await ledger.store.appendToStream(
      `source-${i}`,
      Array.from({ length: 100 }, (_, j) => sourceRegistered(i * 100 + j, 4000)),
    );
  const reading = follow(1, '/subscriptions/all?from=0');
  const idle = follow(0, '/subscriptions/all?from=0');
  (await idle.opened).pause();
  await reading.until((r) => r.frames.some((f) => f.event === 'caughtUp'), 60_000);
  // The paused client cannot see its end (it reads nothing): the server's count says it.
  await until(() => ledger.connections.stats.stalled === 1, 30_000);
  expect(ledger.connections.stats).toMatchObject({ stalled: 1, active: 1 });
  expect(idle.events.length).toBeLessThan(5000);
  expect(reading.events).toHaveLength(5000);
}, 90_000);

it('ends every stream at LEDGER_SSE_MAX_LIFETIME_MS, one reading nothing but heartbeats too, freeing its place', async () => {
  const lifetimeMs = 1500;
  ledger = await startSseLedger({
    extraKeys: keys.map((k) => k.record),
    sseEnv: {
      LEDGER_SSE_MAX_LIFETIME_MS: String(lifetimeMs),
      LEDGER_SSE_HEARTBEAT_MS: '50',
      LEDGER_SSE_MAX_PER_KEY: '1',
    },
  });
  await ledger.store.appendToStream(
    'source-0',
    [0, 1, 2].map((n) => sourceRegistered(n)),
  );
  const started = Date.now();
  // Heartbeats are too small to fill a socket: this client never pushes back, so never stalls.
  const idle = follow(0, '/subscriptions/all?from=0');
  (await idle.opened).pause();
  const reading = follow(1, '/subscriptions/all?from=0');
  await reading.until((r) => r.events.length === 3);
  expect((await getJson(`${ledger.url}/subscriptions/all`, bearer(0))).status).toBe(429);

  await reading.until((r) => r.frames.some((f) => f.event === 'interrupted'), 15_000);
  const endedAfterMs = Date.now() - started;
  const notice = JSON.parse(reading.frames.find((f) => f.event === 'interrupted')!.data!) as {
    reason: string;
    lastEventId?: string;
  };
  expect(notice).toMatchObject({ reason: 'lifetime_reached', lastEventId: reading.events[2]!.id });
  expect(endedAfterMs).toBeGreaterThanOrEqual(lifetimeMs);
  await until(
    () => ledger.connections.stats.expired === 2 && ledger.connections.stats.active === 0,
    15_000,
  );
  console.log(
    `SSE lifetime ${lifetimeMs} ms: the reading stream ended after ${endedAfterMs} ms; both streams (one paused) released`,
  );
  // The paused client's place is free again, and the reader resumes after its last id.
  expect((await follow(0, '/subscriptions/all?from=end').opened).statusCode).toBe(200);
  await ledger.store.appendToStream('source-1', [sourceRegistered(3)]);
  const resumed = new SseReader(`${ledger.url}/subscriptions/all`, {
    ...bearer(1),
    'last-event-id': notice.lastEventId!,
  });
  readers.push(resumed);
  await resumed.until((r) => r.events.length === 1);
  expect(BigInt(resumed.events[0]!.id!)).toBeGreaterThan(BigInt(notice.lastEventId!));
}, 60_000);
