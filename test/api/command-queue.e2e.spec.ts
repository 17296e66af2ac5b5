import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@ledger/event-store';
import { testAuthOptions, testKeys } from '../../apps/ledger-api/src/auth/testing/test-keys';
import { createEsdbEventStore } from '../../libs/event-store/src/esdb';
import {
  type EsdbDouble,
  startEsdbDouble,
} from '../../libs/event-store/src/esdb/testing/esdb-double';
import { type RunningTestLedger, startTestLedger } from '../support/test-ledger';
import { post } from './support/ledger-server';
import { sourcesAndAgreement, transferReport } from './support/scenario';

/**
 * Commands on one agreement are queued per stream in a process, so concurrent requests never
 * race each other into 409s; a keyed command finds its key in the state kept for the stream
 * (its idempotency keys folded on with its events), after a restart too, on SQLite and on
 * EventStoreDB (the gRPC double).
 */
const A = '/agreements/istanbul-2025';
const keys = testKeys();
const recorder = keys.header('recorder');
const keyed = (key: string) => ({ ...recorder, 'idempotency-key': key });

type Kind = 'sqlite' | 'esdb';

/** A ledger over one data dir (SQLite) or one double (EventStoreDB) that can be restarted. */
interface Restartable {
  ledger: RunningTestLedger;
  restart(): Promise<void>;
  close(): Promise<void>;
}

async function restartable(kind: Kind): Promise<Restartable> {
  const dataDir = mkdtempSync(join(tmpdir(), `command-queue-${kind}-`));
  const double: EsdbDouble | undefined = kind === 'esdb' ? await startEsdbDouble() : undefined;
  // The app closes the store it was given: each start gets its own client of the one double.
  const start = () => {
    const given: EventStore | undefined = double
      ? createEsdbEventStore({ connectionString: double.connectionString })
      : undefined;
    return startTestLedger({
      ...(given ? { store: 'given' as const, given } : { store: 'sqlite' as const }),
      dataDir,
      config: {
        LEDGER_CHECKPOINTER: 'off',
        ...(double
          ? { LEDGER_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: double.connectionString }
          : {}),
      },
      auth: testAuthOptions(keys),
    });
  };
  const handle: Restartable = {
    ledger: await start(),
    async restart() {
      await handle.ledger.close();
      handle.ledger = await start();
    },
    async close() {
      await handle.ledger.close();
      await double?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

describe.each<Kind>(['sqlite', 'esdb'])('commands on one agreement (%s)', (kind) => {
  let server: Restartable;
  const url = () => ({ url: server.ledger.url });

  beforeAll(async () => {
    server = await restartable(kind);
    for (const { path, body } of sourcesAndAgreement())
      expect((await post(url(), path, body, recorder)).status).toBe(201);
  });
  afterAll(() => server.close());

  it('applies concurrent commands on one agreement one after the other: none answers 409', async () => {
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        post(url(), `${A}/transfers`, transferReport(`queued-${i}`, 1245, 'ua-coordination-hq'), {
          ...recorder,
          ...(i % 2 === 0 ? { 'idempotency-key': `queued-key-${i}` } : {}),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const revisions = answers.map((a) => Number(a.body.streamRevision)).sort((x, y) => x - y);
    expect(new Set(revisions).size).toBe(25);
  });

  it('replays a key with its first answer, from the kept state and after a restart', async () => {
    const body = transferReport('keyed-1', 1245, 'ua-coordination-hq');
    const first = await post(url(), `${A}/transfers`, body, keyed('growth-key-1'));
    expect(first.status).toBe(201);
    // Other commands move the stream on after the keyed one.
    for (let i = 0; i < 3; i++)
      expect(
        (
          await post(
            url(),
            `${A}/transfers`,
            transferReport(`after-${i}`, 1245, 'ru-mod'),
            recorder,
          )
        ).status,
      ).toBe(201);
    const kept = await post(url(), `${A}/transfers`, body, keyed('growth-key-1'));
    expect(kept.body).toEqual(first.body);
    expect(kept.headers.get('idempotent-replayed')).toBe('true');
    await server.restart();
    const replayed = await post(url(), `${A}/transfers`, body, keyed('growth-key-1'));
    expect(replayed.status).toBe(201);
    expect(replayed.body).toEqual(first.body);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    const reused = await post(
      url(),
      `${A}/transfers`,
      transferReport('keyed-2', 1245, 'ua-coordination-hq'),
      keyed('growth-key-1'),
    );
    expect(reused).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
  });
});
