import { randomUUID } from 'node:crypto';
import {
  type LedgerEnvelope,
  subscribe,
  SubscriptionRefusedError,
  type SubscriptionStatus,
} from '@ledger/ledger-client';
import { appendMixed, readLog, sourceRegistered } from './support/events';
import { type SseLedger, startSseLedger } from './support/sse-ledger';

/** The typed client against the real server on loopback, through the `eventsource` package. */
const FAST = { LEDGER_SSE_RETRY_MS: '50', LEDGER_SSE_HEARTBEAT_MS: '200' };

let ledger: SseLedger;
afterEach(async () => ledger?.close());

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function positionsOfLog(): Promise<string[]> {
  return (await readLog(ledger.store)).map((e) => e.position.toString());
}

/** What a consumer saw: positions in delivery order, and its checkpoints. */
function recorder() {
  const positions: string[] = [];
  const checkpoints: string[] = [];
  const statuses: SubscriptionStatus[] = [];
  return {
    positions,
    checkpoints,
    statuses,
    onEvent: (event: LedgerEnvelope) => void positions.push(event.position),
    onCheckpoint: (position: string) => void checkpoints.push(position),
    onStatus: (status: SubscriptionStatus) => void statuses.push(status),
  };
}

it('delivers typed envelopes in order, each once, with a checkpoint after each; close() ends it', async () => {
  ledger = await startSseLedger({ sseEnv: FAST });
  await appendMixed(ledger.store, 30);
  const sourceNames: string[] = [];
  const seen = recorder();
  const subscription = subscribe({
    baseUrl: ledger.url,
    headers: ledger.auth,
    onEvent: (event) => {
      seen.onEvent(event);
      // The union narrows on `type`: data is SourceRegistered's own shape here.
      if (event.type === 'SourceRegistered') sourceNames.push(event.data.name);
    },
    onCheckpoint: seen.onCheckpoint,
  });
  await appendMixed(ledger.store, 10, 30);
  const expected = await positionsOfLog();
  await until(() => seen.positions.length === expected.length);
  expect(seen.positions).toEqual(expected);
  expect(seen.checkpoints).toEqual(expected);
  expect(subscription.position).toBe(expected.at(-1));
  expect(sourceNames).toContain('Source 0');
  await subscription.close();
  await expect(subscription.done).resolves.toBeUndefined();
  await until(() => ledger.connections.stats.active === 0);
});

it('resumes from a checkpoint, with filters: only the rest, only what was asked for', async () => {
  ledger = await startSseLedger({ sseEnv: FAST });
  await appendMixed(ledger.store, 30);
  const log = await readLog(ledger.store);
  const from = log[10]!.position.toString();
  const seen = recorder();
  const subscription = subscribe({
    baseUrl: ledger.url,
    headers: ledger.auth,
    from,
    categories: ['offer'],
    onEvent: seen.onEvent,
  });
  const expected = log
    .filter((e) => e.position > log[10]!.position && e.stream.startsWith('offer-'))
    .map((e) => e.position.toString());
  await until(() => seen.positions.length === expected.length);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(seen.positions).toEqual(expected);
  await subscription.close();
});

it('survives a server overflow: the stream ends with a reason, the client resumes, nothing missed or repeated', async () => {
  // A tiny buffer and one 8 MB burst in a single tick: more than the kernel takes at once.
  ledger = await startSseLedger({
    sseEnv: { ...FAST, LEDGER_SSE_MAX_BUFFER_BYTES: '16384' },
    catchUpPageSize: 5000,
  });
  const seen = recorder();
  const subscription = subscribe({
    baseUrl: ledger.url,
    headers: ledger.auth,
    from: 'end',
    onEvent: seen.onEvent,
    onStatus: seen.onStatus,
    maxQueued: 5000,
  });
  await until(() => seen.statuses.some((s) => s.kind === 'caughtUp'));
  await ledger.store.appendToStream(
    'source-burst',
    Array.from({ length: 2000 }, (_, i) => sourceRegistered(i, 4000)),
  );
  await until(() => seen.positions.length === 2000, 20_000);
  expect(seen.statuses).toContainEqual(
    expect.objectContaining({ kind: 'serverEnded', reason: 'slow_consumer' }),
  );
  expect(seen.positions).toEqual(await positionsOfLog());
  await subscription.close();
}, 30_000);

it('a consumer slower than the stream: the client stops reading (bounded queue) and resumes, each event once', async () => {
  ledger = await startSseLedger({ sseEnv: FAST });
  await appendMixed(ledger.store, 120);
  const seen = recorder();
  const subscription = subscribe({
    baseUrl: ledger.url,
    headers: ledger.auth,
    maxQueued: 10,
    onStatus: seen.onStatus,
    onEvent: async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.onEvent(event);
    },
  });
  const expected = await positionsOfLog();
  await until(() => seen.positions.length === expected.length, 20_000);
  expect(seen.positions).toEqual(expected);
  expect(seen.statuses.filter((s) => s.kind === 'paused').length).toBeGreaterThan(0);
  await subscription.close();
}, 30_000);

it('follows the ledger across a server restart (SQLite file kept), then goes on live', async () => {
  ledger = await startSseLedger({ store: 'sqlite', sseEnv: FAST });
  await appendMixed(ledger.store, 20);
  const seen = recorder();
  const subscription = subscribe({
    baseUrl: ledger.url,
    headers: ledger.auth,
    onEvent: seen.onEvent,
    onStatus: seen.onStatus,
    reconnect: { firstDelayMs: 20, maxDelayMs: 200 },
  });
  await until(() => seen.positions.length === 20);
  const { dataDir, port } = ledger;
  await ledger.close(true);
  ledger = await startSseLedger({ store: 'sqlite', sseEnv: FAST, dataDir, port });
  await appendMixed(ledger.store, 20, 20);
  const expected = await positionsOfLog();
  await until(() => seen.positions.length === expected.length, 15_000);
  expect(seen.positions).toEqual(expected);
  expect(seen.statuses).toContainEqual(
    expect.objectContaining({ kind: 'serverEnded', reason: 'server_shutdown' }),
  );
  await subscription.close();
}, 30_000);

it('a refused subscription (unknown event type) rejects `done` with the problem, without retrying', async () => {
  ledger = await startSseLedger({ sseEnv: FAST });
  const subscription = subscribe({
    baseUrl: ledger.url,
    headers: ledger.auth,
    types: ['TransferReportd' as LedgerEnvelope['type']],
    onEvent: () => undefined,
  });
  const error = await subscription.done.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SubscriptionRefusedError);
  expect((error as SubscriptionRefusedError).status).toBe(400);
  expect((error as SubscriptionRefusedError).problem).toContain('TransferReportd');
});

it('without a key (or with a key lacking the subscriber role) the subscription is refused: 401 / 403, no retry', async () => {
  ledger = await startSseLedger({ sseEnv: FAST });
  const anonymous = subscribe({ baseUrl: ledger.url, onEvent: () => undefined });
  await expect(anonymous.done).rejects.toMatchObject({
    name: 'SubscriptionRefusedError',
    status: 401,
  });
  const analyst = subscribe({
    baseUrl: ledger.url,
    headers: ledger.keyWith('analyst'),
    onEvent: () => undefined,
  });
  await expect(analyst.done).rejects.toMatchObject({
    name: 'SubscriptionRefusedError',
    status: 403,
  });
});

it('a consumer that throws ends the subscription: `done` rejects with its error, the position stays at the last success', async () => {
  ledger = await startSseLedger({ sseEnv: FAST });
  await appendMixed(ledger.store, 10);
  const log = await readLog(ledger.store);
  const failure = new Error(`consumer failed ${randomUUID()}`);
  const subscription = subscribe({
    baseUrl: ledger.url,
    headers: ledger.auth,
    onEvent: (event) => {
      if (event.position === log[4]!.position.toString()) throw failure;
    },
  });
  await expect(subscription.done).rejects.toBe(failure);
  expect(subscription.position).toBe(log[3]!.position.toString());
  await until(() => ledger.connections.stats.active === 0);
});

it('an abort signal closes the subscription and its connection', async () => {
  ledger = await startSseLedger({ sseEnv: FAST });
  const controller = new AbortController();
  const seen = recorder();
  const subscription = subscribe({
    baseUrl: ledger.url,
    headers: ledger.auth,
    signal: controller.signal,
    onEvent: seen.onEvent,
    onStatus: seen.onStatus,
  });
  await until(
    () => ledger.connections.stats.active === 1 && seen.statuses.some((s) => s.kind === 'caughtUp'),
  );
  controller.abort();
  await expect(subscription.done).resolves.toBeUndefined();
  await until(() => ledger.connections.stats.active === 0);
});
