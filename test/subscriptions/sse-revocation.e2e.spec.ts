import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@ledger/config';
import { createMemoryEventStore, type EventStore } from '@ledger/event-store';
import { createLedgerApp } from '../../apps/ledger-api/src/app.factory';
import { newApiKey, KEYS_FILE } from '../../apps/ledger-api/src/auth';
import { writeKeysFile } from '../../apps/ledger-api/src/auth/key-file';
import { SseConnections } from '../../apps/ledger-api/src/subscriptions/sse-connections';
import { listenOnLoopback, withEnv } from '../support/test-server';
import { appendMixed } from './support/events';
import { SseReader } from './support/sse-reader';

/**
 * Keys from a keys file, as a deployment keeps them: removing a key, or taking the subscriber role
 * from it, ends that key's open streams (an `interrupted` frame, reason `access_revoked`) within
 * about a second (the key ring re-reads the file every second); other keys' streams go on.
 */
const revoked = newApiKey('revoked', ['subscriber']);
const demoted = newApiKey('demoted', ['subscriber', 'recorder']);
const kept = newApiKey('kept', ['subscriber']);

let dataDir: string;
let store: EventStore;
let app: NestFastifyApplication;
let url: string;
const readers: SseReader[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ledger-revocation-'));
  writeKeysFile(join(dataDir, KEYS_FILE), [revoked.record, demoted.record, kept.record]);
  store = createMemoryEventStore();
  const config = loadConfig({
    LEDGER_STORE: 'memory',
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
    LEDGER_CHECKPOINTER: 'off',
  });
  app = await withEnv({ LEDGER_SSE_HEARTBEAT_MS: '50' }, () =>
    createLedgerApp(config, {
      store,
      logger: false,
      auth: { rateLimit: { limit: 1_000_000, windowMs: 60_000 } },
    }),
  );
  url = await listenOnLoopback(app);
  await appendMixed(store, 5);
});

afterAll(async () => {
  readers.forEach((r) => r.close());
  await app.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function follow(token: string): SseReader {
  const reader = new SseReader(`${url}/subscriptions/all?from=0`, {
    authorization: `Bearer ${token}`,
  });
  readers.push(reader);
  return reader;
}

const caughtUp = (r: SseReader): boolean => r.frames.some((f) => f.event === 'caughtUp');
const revokedNotice = (r: SseReader): boolean =>
  r.frames.some((f) => f.event === 'interrupted' && f.data?.includes('"access_revoked"') === true);

it('removing a key or its subscriber role ends its open streams within about a second; other keys go on', async () => {
  const streams = {
    revoked: [follow(revoked.token), follow(revoked.token)],
    demoted: [follow(demoted.token)],
    kept: [follow(kept.token)],
  };
  const all = Object.values(streams).flat();
  await Promise.all(all.map((r) => r.until(caughtUp)));
  expect(app.get(SseConnections).stats.active).toBe(4);

  const changed = Date.now();
  writeKeysFile(join(dataDir, KEYS_FILE), [
    { ...demoted.record, roles: ['recorder'] },
    kept.record,
  ]);
  const ending = [...streams.revoked, ...streams.demoted];
  await Promise.all(ending.map((r) => r.until((x) => x.ended && revokedNotice(x), 5_000)));
  const tookMs = Date.now() - changed;
  // The ring looks at the file every second; the rest is this loaded machine's scheduling.
  expect(tookMs).toBeLessThan(3_000);

  const [still] = streams.kept;
  expect(still!.ended).toBe(false);
  const before = still!.events.length;
  await appendMixed(store, 1, 100);
  await still!.until((r) => r.events.length > before);
  expect(app.get(SseConnections).stats.active).toBe(1);

  // And the revoked key cannot come back.
  const again = follow(revoked.token);
  await again.opened;
  expect(again.response?.statusCode).toBe(401);
});
