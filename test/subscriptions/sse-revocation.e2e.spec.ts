import { join } from 'node:path';
import { KEYS_FILE, newApiKey } from '../../apps/ledger-api/src/auth';
import { writeKeysFile } from '../../apps/ledger-api/src/auth/key-file';
import { appendMixed } from './support/events';
import { type SseLedger, startSseLedger } from './support/sse-ledger';
import { SseReader } from './support/sse-reader';

/**
 * Keys from a keys file, as a deployment keeps them: removing a key, or taking the subscriber role
 * from it, ends that key's open streams (an `interrupted` frame, reason `access_revoked`) within
 * about a second (the key ring re-reads the file every second); other keys' streams go on.
 */
const revoked = newApiKey('revoked', ['subscriber']);
const demoted = newApiKey('demoted', ['subscriber', 'recorder']);
const kept = newApiKey('kept', ['subscriber']);

let ledger: SseLedger;
const readers: SseReader[] = [];

beforeAll(async () => {
  ledger = await startSseLedger({
    keysInFile: true,
    extraKeys: [revoked.record, demoted.record, kept.record],
    sseEnv: { LEDGER_SSE_HEARTBEAT_MS: '50' },
  });
  await appendMixed(ledger.store, 5);
});

afterAll(async () => {
  readers.forEach((r) => r.close());
  await ledger.close();
});

function follow(token: string): SseReader {
  const reader = new SseReader(`${ledger.url}/subscriptions/all?from=0`, {
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
  await Promise.all(
    Object.values(streams)
      .flat()
      .map((r) => r.until(caughtUp)),
  );
  expect(ledger.connections.stats.active).toBe(4);

  const changed = Date.now();
  writeKeysFile(join(ledger.dataDir, KEYS_FILE), [
    { ...demoted.record, roles: ['recorder'] },
    kept.record,
  ]);
  const ending = [...streams.revoked, ...streams.demoted];
  const endedAfterMs = await Promise.all(
    ending.map(async (r) => {
      await r.until((x) => x.ended && revokedNotice(x), 5_000);
      return Date.now() - changed;
    }),
  );
  console.log(
    `Revocation: ${ending.length} streams ended ${endedAfterMs.join(', ')} ms after the keys file changed (the key ring looks every 1,000 ms)`,
  );
  // The ring looks at the file every second; the rest is this loaded machine's scheduling.
  expect(Math.max(...endedAfterMs)).toBeLessThan(3_000);

  const [still] = streams.kept;
  expect(still!.ended).toBe(false);
  const before = still!.events.length;
  await appendMixed(ledger.store, 1, 100);
  await still!.until((r) => r.events.length > before);
  expect(ledger.connections.stats.active).toBe(1);

  // And the revoked key cannot come back.
  const again = follow(revoked.token);
  await again.opened;
  expect(again.response?.statusCode).toBe(401);
});
