import 'reflect-metadata';
import { type AddressInfo } from 'node:net';
import { loadConfig } from '@ledger/config';
import { createLedgerApp } from '../../apps/ledger-api/src/app.factory';
import { type ApiKeyRecord } from '../../apps/ledger-api/src/auth';
import { serverMain } from '../lib/child';

export interface LedgerServerInput {
  readonly dataDir: string;
  readonly synchronous: 'FULL' | 'NORMAL';
  /** The recorder key the load generator authenticates with. */
  readonly apiKey: ApiKeyRecord;
  /** Run on EventStoreDB at this address instead of the SQLite store. */
  readonly esdbConnectionString?: string;
}

/**
 * The ledger as `npm start` runs it (Nest on Fastify, API keys, the SQLite store in dataDir), on
 * 127.0.0.1, with one recorder key and the per-key rate limit out of reach (its default would
 * throttle any load test).
 */
serverMain(async (input: LedgerServerInput) => {
  const config = loadConfig({
    LEDGER_DATA_DIR: input.dataDir,
    LEDGER_SQLITE_SYNCHRONOUS: input.synchronous,
    PORT: '0',
    ...(input.esdbConnectionString
      ? { LEDGER_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: input.esdbConnectionString }
      : {}),
  });
  const auth = { apiKeys: [input.apiKey], rateLimit: { limit: 1_000_000_000, windowMs: 60_000 } };
  // BENCH_SERVER_LOG=1 shows the ledger's own log (errors behind a 500), which a measured run keeps quiet.
  const app = await createLedgerApp(config, {
    auth,
    ...(process.env.BENCH_SERVER_LOG ? {} : { logger: false }),
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { port, close: () => app.close() };
});
