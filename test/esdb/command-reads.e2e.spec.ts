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
    // The stream now holds well over a hundred events; a command still reads none: this process
    // wrote the stream's last events, so the fold it kept is current and the exact expected
    // revision of the append would refuse it otherwise.
    expect(Number(last?.revision)).toBeGreaterThan(100);
    expect(late).toBe(0);
    expect(early).toBe(0);
  });

  it('reads as little with an Idempotency-Key: the keys are kept with the state, not looked up in the stream', async () => {
    const keyed = await readsPerCommand(60, 10, true);
    expect(keyed).toBe(0);
  });

  it('reads what another writer appended when its append is refused, and decides again', async () => {
    const before = eventsRead;
    // Another writer moves the stream on behind the API's kept fold.
    const otherClient = createEsdbEventStore({ connectionString: double.connectionString });
    const elsewhere = await startTestLedger({
      store: 'given',
      given: otherClient,
      dataDir: mkdtempSync(join(tmpdir(), 'esdb-command-reads-other-')),
      config: {
        LEDGER_STORE: 'esdb',
        EVENTSTORE_CONNECTION_STRING: double.connectionString,
        LEDGER_CHECKPOINTER: 'off',
      },
      auth: testAuthOptions(keys),
    });
    try {
      const reply = await fetch(`${elsewhere.url}/agreements/istanbul-2025/transfers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...keys.header('recorder') },
        body: JSON.stringify({
          claimId: 'claim-read-elsewhere',
          termId: 'repatriation',
          direction: { from: 'russia', to: 'ukraine' },
          measure: 'bodies',
          quantity: { value: 7, precision: 'exact' },
          scope: { kind: 'phase', phase: 'elsewhere' },
          sourceId: 'ewn',
          statedAt: '2025-06-18T09:00:00Z',
        }),
      });
      expect(reply.status).toBe(201);
    } finally {
      await elsewhere.close();
      await otherClient.close();
    }
    // The API's next command was decided on its kept fold, refused at the append, read again.
    await claim(100);
    expect(eventsRead - before).toBeGreaterThan(0);
    // And it knows the other writer's claim: a revision of it through the API is accepted.
    await post('/agreements/istanbul-2025/claims/claim-read-elsewhere/revisions', {
      newClaimId: 'claim-read-elsewhere-2',
      quantity: { value: 8, precision: 'exact' },
      reason: 'corrected',
      statedAt: '2025-06-18T10:00:00Z',
    });
  });
});
