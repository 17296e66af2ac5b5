import { request } from 'node:http';
import type { InspectableEventStore } from '@ledger/event-store';
import { appendMixed } from './support/events';
import { type SseLedger, startSseLedger } from './support/sse-ledger';
import { until } from './support/sse-reader';

/**
 * 1,000 connect/disconnect cycles on loopback leave nothing behind: no session, no store
 * subscription, no heartbeat timer, no listener. Clients leave at every stage: before the server
 * answered, right after the headers, in the middle of history, and while live.
 */
const CYCLES = 1000;
const CONCURRENCY = 10;

type Stage = 'before-answer' | 'after-headers' | 'mid-history' | 'live';
const STAGES: Stage[] = ['before-answer', 'after-headers', 'mid-history', 'live'];

let ledger: SseLedger;

beforeAll(async () => {
  ledger = await startSseLedger({
    sseEnv: { LEDGER_SSE_HEARTBEAT_MS: '20', LEDGER_SSE_PAGE_SIZE: '5' },
  });
  await appendMixed(ledger.store, 200);
});
afterAll(() => ledger.close());

/** One client: connects, leaves at its stage, resolves once its socket is gone. */
function cycle(stage: Stage): Promise<void> {
  const path =
    stage === 'live'
      ? '/subscriptions/all?from=end'
      : '/subscriptions/all?from=0&categories=source,offer';
  return new Promise<void>((resolve) => {
    const req = request(`${ledger.url}${path}`, { agent: false, headers: ledger.auth }, (res) => {
      let seen = '';
      res.on('data', (chunk: Buffer) => {
        seen += chunk.toString('utf8');
        const leave =
          stage === 'after-headers' ||
          (stage === 'mid-history' && seen.includes('id: ')) ||
          (stage === 'live' && (seen.includes('caughtUp') || seen.includes('heartbeat')));
        if (leave) req.destroy();
      });
    });
    req.on('close', () => resolve());
    req.on('error', () => undefined);
    req.end();
    if (stage === 'before-answer') setImmediate(() => req.destroy());
  });
}

function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

function listenerCounts(): Record<string, number> {
  const server = ledger.app.getHttpServer();
  return {
    serverConnection: server.listenerCount('connection'),
    serverRequest: server.listenerCount('request'),
    processExit: process.listenerCount('exit'),
    processSigterm: process.listenerCount('SIGTERM'),
    processUncaught: process.listenerCount('uncaughtException'),
  };
}

it(`${CYCLES} connect/disconnect cycles leave no session, subscription, timer or listener behind`, async () => {
  const store = ledger.store as InspectableEventStore;
  const baseline = {
    listeners: listenerCounts(),
    storeListeners: store.liveListenerCount(),
    timers: resources().Timeout ?? 0,
  };
  expect(ledger.connections.stats.active).toBe(0);

  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < CYCLES) {
      const n = started++;
      await cycle(STAGES[n % STAGES.length]!);
      // Events keep arriving, so live sessions have something to do while clients come and go.
      if (n % 50 === 0) await appendMixed(ledger.store, 1, 1000 + n);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  await until(() => ledger.connections.stats.active === 0, 5000);
  const stats = ledger.connections.stats;
  expect(stats.opened).toBeGreaterThan(CYCLES * 0.7);
  expect(stats.closed).toBe(stats.opened);
  expect(stats.liveHubs).toBe(0);
  expect(store.liveListenerCount()).toBe(baseline.storeListeners);
  expect(listenerCounts()).toEqual(baseline.listeners);
  // A heartbeat left running would be one more Timeout per cycle.
  await until(() => (resources().Timeout ?? 0) <= baseline.timers + 2, 2000);
}, 240_000);
