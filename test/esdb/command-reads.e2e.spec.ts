import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, ReadStreamOptions } from '@ledger/event-store';
import { testAuthOptions, testKeys } from '../../apps/ledger-api/src/auth/testing/test-keys';
import { createEsdbEventStore } from '../../libs/event-store/src/esdb';
import {
  type EsdbDouble,
  startEsdbDouble,
} from '../../libs/event-store/src/esdb/testing/esdb-double';
import { SEED_REQUESTS } from '../security/support/command-bases';
import { type RunningTestLedger, startTestLedger } from '../support/test-ledger';

/**
 * The command path's cost on EventStoreDB: a command reads the events recorded since the state
 * it kept for the stream, never the whole stream, so its reads do not grow with the stream.
 * Measured as the events the store returned to readStream per command, on an agreement stream
 * that grows by two events (a claim and the dispute it moves) per command.
 */
describe('commands on EventStoreDB read only what is new in their stream', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esdb-command-reads-'));
  const keys = testKeys();
  let double: EsdbDouble;
  let store: EventStore;
  let api: RunningTestLedger;
  let url: string;
  let eventsRead = 0;

  beforeAll(async () => {
    double = await startEsdbDouble();
    store = createEsdbEventStore({ connectionString: double.connectionString });
    const counted = Object.assign(Object.create(store) as EventStore, {
      readStream: async (stream: string, options?: ReadStreamOptions) => {
        const events = await store.readStream(stream, options);
        eventsRead += events.length;
        return events;
      },
    });
    api = await startTestLedger({
      store: 'given',
      given: counted,
      dataDir: dir,
      config: {
        LEDGER_STORE: 'esdb',
        EVENTSTORE_CONNECTION_STRING: double.connectionString,
        LEDGER_CHECKPOINTER: 'off',
      },
      auth: testAuthOptions(keys),
    });
    url = api.url;
  });
  afterAll(async () => {
    await api.close();
    await store.close();
    await double.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (path: string, body: unknown, key?: string): Promise<void> => {
    const reply = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...keys.header('recorder'),
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      body: JSON.stringify(body),
    });
    expect([path, reply.status]).toEqual([path, 201]);
  };
  const claim = (n: number, keyed = false) =>
    post(
      '/agreements/istanbul-2025/transfers',
      {
        claimId: `claim-read-${n}`,
        termId: 'repatriation',
        direction: { from: 'russia', to: 'ukraine' },
        measure: 'bodies',
        quantity: { value: 1_000 + n, precision: 'exact' },
        scope: { kind: 'phase', phase: 'final' },
        sourceId: 'ewn',
        statedAt: '2025-06-18T09:00:00Z',
      },
      keyed ? `claim-read-key-${n}` : undefined,
    );
  /** Events read per command over `count` claims, one after the other. */
  const readsPerCommand = async (from: number, count: number, keyed = false): Promise<number> => {
    const before = eventsRead;
    for (let n = from; n < from + count; n++) await claim(n, keyed);
    return (eventsRead - before) / count;
  };

  it('reads a bounded number of events per command however long the stream grows', async () => {
    for (const { path, body } of SEED_REQUESTS) await post(path, body);
    const early = await readsPerCommand(0, 10);
    await readsPerCommand(10, 40);
    const late = await readsPerCommand(50, 10);
    const [last] = await store.readStream('agreement-istanbul-2025', {
      direction: 'backwards',
      maxCount: 1,
    });
    // The stream now holds well over a hundred events; a command still reads two.
    expect(Number(last?.revision)).toBeGreaterThan(100);
    // The last event it kept (read again, to find what follows) and what the command before wrote.
    expect(late).toBeLessThanOrEqual(2);
    expect(late).toBeLessThanOrEqual(early + 0.5);
  });

  it('reads as little with an Idempotency-Key: the keys are kept with the state, not looked up in the stream', async () => {
    const keyed = await readsPerCommand(60, 10, true);
    expect(keyed).toBeLessThanOrEqual(2);
  });
});
