import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore, type EventStore } from '@ledger/event-store';
import {
  keysEnv,
  testKeys,
  type TestKeys,
} from '../../../apps/ledger-api/src/auth/testing/test-keys';
import { type LedgerProcess, startTestLedger } from '../../support/test-ledger';
import { sendSeed } from './command-bases';
import { rawClient } from './raw-http';

/** What a fuzz suite sends to and reads from; filled in by the suite's beforeAll. */
export interface FuzzLedger {
  readonly keys: TestKeys;
  ledger: LedgerProcess;
  client: ReturnType<typeof rawClient>;
  /** The event log, opened beside the API (to count what requests appended). */
  store: EventStore;
}

/**
 * Registers the suite's beforeAll/afterAll: the API as its own process on SQLite (127.0.0.1,
 * no reachable rate limit) holding the seed scenario, `sockets` keep-alive connections to it,
 * and everything removed afterwards.
 */
export function useFuzzLedger(options: {
  readonly prefix: string;
  readonly sockets: number;
  readonly env?: Readonly<Record<string, string>>;
}): FuzzLedger {
  const dataDir = mkdtempSync(join(tmpdir(), options.prefix));
  const tsCacheDir = mkdtempSync(join(tmpdir(), 'ledger-ts-cache-'));
  const fuzz = { keys: testKeys() } as FuzzLedger;

  beforeAll(async () => {
    fuzz.ledger = await startTestLedger({
      process: true,
      dataDir,
      tsCacheDir,
      env: {
        LEDGER_API_KEYS: keysEnv(fuzz.keys),
        LEDGER_RATE_LIMIT: '1000000000',
        ...options.env,
      },
    });
    fuzz.client = rawClient(fuzz.ledger.url, options.sockets);
    await sendSeed(fuzz.client, fuzz.keys.tokens.recorder);
    fuzz.store = createSqliteEventStore({ file: join(dataDir, 'ledger.db') });
  }, 120_000);

  afterAll(async () => {
    fuzz.client?.close();
    await fuzz.store?.close();
    await fuzz.ledger?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(tsCacheDir, { recursive: true, force: true });
  });

  return fuzz;
}
