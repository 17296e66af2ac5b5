import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreUnavailableError } from '../../libs/event-store/src/errors';
import { createEsdbEventStore } from '../../libs/event-store/src/esdb';
import {
  type DoubleProcess,
  spawnEsdbDouble,
} from '../../libs/event-store/src/esdb/testing/double-process';
import type { EventStore, EventToAppend, RecordedEvent } from '../../libs/event-store/src/port';
import {
  expectStrictlyIncreasing,
  Recording,
} from '../../libs/event-store/src/testing/contract-support';

/**
 * Crash tests: the EventStoreDB wire double runs in a child process and is killed with SIGKILL
 * mid-subscription, then restarted on the same port over the log it had acknowledged. The
 * adapter under test is the real one, over the unmodified client and real gRPC.
 */

const DELIVERY_TIMEOUT_MS = 10_000;
/** An append while the server is down must fail within this, never hang. */
const FAIL_FAST_MS = 1_000;

const events = (count: number, phase: string): EventToAppend[] =>
  Array.from({ length: count }, (_, n) => ({
    id: randomUUID(),
    type: 'BodiesTransferred',
    data: { phase, n },
  }));
const ids = (list: readonly { readonly id: string }[]): string[] => list.map((e) => e.id);

describe('esdb adapter: the server is killed mid-subscription and restarted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esdb-crash-'));
  const dataFile = join(dir, 'log.jsonl');
  let server: DoubleProcess;
  let store: EventStore;

  beforeAll(async () => {
    server = await spawnEsdbDouble({ dataFile });
    // A first retry slower than the restart leaves events to catch up on after it.
    store = createEsdbEventStore({
      connectionString: server.connectionString,
      resubscribe: { firstDelayMs: 300, maxDelayMs: 300 },
    });
  });
  afterAll(async () => {
    await store.close();
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes $all and stream subscriptions from their last position, with no gap and no duplicate; appends fail fast meanwhile', async () => {
    const tag = `crash${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const stream = `${tag}-phase-final`;
    const history = events(5, 'history');
    await store.appendToStream(stream, history);
    const all = new Recording(
      store.subscribeToAll({ filter: { streamPrefixes: [tag] } }),
      DELIVERY_TIMEOUT_MS,
    );
    const one = new Recording(store.subscribeToStream(stream), DELIVERY_TIMEOUT_MS);
    await Promise.all([all.waitForCaughtUp(), one.waitForCaughtUp()]);
    const live = events(5, 'live');
    await store.appendToStream(stream, live);
    await Promise.all([all.waitForIds(ids(live)), one.waitForIds(ids(live))]);

    await server.kill();
    const outage = await appendsWhileDown(store, stream);
    server = await spawnEsdbDouble({ dataFile, port: server.port });
    const afterRestart = events(5, 'after-restart');
    await store.appendToStream(stream, afterRestart, { expectedRevision: 9n });
    const later = events(3, 'later');
    await store.appendToStream(stream, later, { expectedRevision: 14n });

    const expected = ids([...history, ...live, ...afterRestart, ...later]);
    await Promise.all([all.waitForIds(expected), one.waitForIds(expected)]);
    all.stop();
    one.stop();
    for (const recording of [all, one]) expectExactly(recording, expected);
    expect(outage.every((o) => o.error instanceof StoreUnavailableError)).toBe(true);
    expect(Math.max(...outage.map((o) => o.ms))).toBeLessThan(FAIL_FAST_MS);
    expect(ids(await store.readStream(stream))).toEqual(expected);
  });
});

/** Three appends while the server is dead: each must fail with StoreUnavailableError, quickly. */
async function appendsWhileDown(
  store: EventStore,
  stream: string,
): Promise<{ error: unknown; ms: number }[]> {
  const outcomes: { error: unknown; ms: number }[] = [];
  for (const attempt of [1, 2, 3]) {
    const started = Date.now();
    const error = await store.appendToStream(stream, events(1, `down-${attempt}`)).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    outcomes.push({ error, ms: Date.now() - started });
  }
  return outcomes;
}

function expectExactly(recording: Recording, expected: readonly string[]): void {
  const delivered: RecordedEvent[] = recording.events;
  expect(ids(delivered)).toEqual(expected);
  expectStrictlyIncreasing(delivered.map((e) => e.position));
  expect(recording.caughtUpCount).toBe(1);
  expect(recording.error).toBeUndefined();
}
