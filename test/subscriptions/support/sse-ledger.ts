import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@ledger/config';
import {
  createMemoryEventStore,
  createSqliteEventStore,
  type EventStore,
} from '@ledger/event-store';
import { createEsdbEventStore } from '../../../libs/event-store/src/esdb';
import {
  type EsdbDouble,
  startEsdbDouble,
} from '../../../libs/event-store/src/esdb/testing/esdb-double';
import { createLedgerApp } from '../../../apps/ledger-api/src/app.factory';
import { newApiKey, type Role } from '../../../apps/ledger-api/src/auth';
import { SseConnections } from '../../../apps/ledger-api/src/subscriptions/sse-connections';
import { listenOnLoopback } from '../../support/test-server';

export type TestStoreKind = 'memory' | 'sqlite' | 'esdb';

export interface SseLedgerOptions {
  readonly store?: TestStoreKind;
  /** LEDGER_SSE_* variables for this app (heartbeat, buffer limit, retry, page size). */
  readonly sseEnv?: Readonly<Record<string, string>>;
  /** Reuse a data directory (a restarted server over the same SQLite file). */
  readonly dataDir?: string;
  /** Listen on this port (a restarted server in the place of the old one). */
  readonly port?: number;
  readonly catchUpPageSize?: number;
  /**
   * The audit checkpointer appends CheckpointSigned events to the same log. Off by default so a
   * test's log holds what it appended; 'inline' for the end-to-end tests that want the real mix.
   */
  readonly checkpointer?: 'inline' | 'off';
}

/** A ledger API on 127.0.0.1 over a real store: memory, a SQLite file, or the esdb adapter over the gRPC double. */
export interface SseLedger {
  readonly url: string;
  readonly port: number;
  readonly store: EventStore;
  readonly app: NestFastifyApplication;
  readonly dataDir: string;
  readonly connections: SseConnections;
  /** `authorization` for a key holding the subscriber and recorder roles. */
  readonly auth: { readonly authorization: string };
  readonly token: string;
  /** The same header for another key, holding only `roles`. */
  keyWith(...roles: [Role, ...Role[]]): { readonly authorization: string };
  /** Closes the app and the store; `keepData` leaves the SQLite file for a restart. */
  close(keepData?: boolean): Promise<void>;
}

async function openStore(
  kind: TestStoreKind,
  dataDir: string,
  pageSize?: number,
): Promise<{ store: EventStore; double?: EsdbDouble }> {
  const page = pageSize === undefined ? {} : { catchUpPageSize: pageSize };
  if (kind === 'memory') return { store: createMemoryEventStore(page) };
  if (kind === 'sqlite')
    return {
      store: createSqliteEventStore({
        file: join(dataDir, 'ledger.db'),
        synchronous: 'NORMAL',
        pollIntervalMs: 20,
        ...page,
      }),
    };
  const double = await startEsdbDouble();
  return { store: createEsdbEventStore({ connectionString: double.connectionString }), double };
}

/**
 * The keys every test ledger of this process accepts (the same across a restart, as a real
 * deployment's keys file would be): one with the subscriber and recorder roles, and one per other
 * role set for the refusal tests.
 */
const KEY = newApiKey('sse-test', ['subscriber', 'recorder']);
const OTHER_KEYS = new Map<string, string>();
const RECORDS = [KEY.record];
for (const roles of [['analyst'], ['recorder']] as Role[][]) {
  const other = newApiKey(`only-${roles.join('-')}`, roles);
  RECORDS.push(other.record);
  OTHER_KEYS.set(roles.join(','), other.token);
}
/** A rate limit far above what the tests send: they open a thousand connections on one key. */
const AUTH = { apiKeys: RECORDS, rateLimit: { limit: 1_000_000, windowMs: 60_000 } };

export async function startSseLedger(options: SseLedgerOptions = {}): Promise<SseLedger> {
  const kind = options.store ?? 'memory';
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-sse-'));
  const { store, double } = await openStore(kind, dataDir, options.catchUpPageSize);
  const config = loadConfig({
    LEDGER_STORE: kind === 'esdb' ? 'memory' : kind,
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
    LEDGER_CHECKPOINTER: options.checkpointer ?? 'off',
    ...options.sseEnv,
  });
  const app = await createLedgerApp(config, { store, logger: false, auth: AUTH });
  const url = await listenOnLoopback(app, options.port);
  return {
    url,
    port: Number(new URL(url).port),
    store,
    app,
    dataDir,
    connections: app.get(SseConnections),
    token: KEY.token,
    auth: { authorization: `Bearer ${KEY.token}` },
    keyWith(...roles) {
      const token = OTHER_KEYS.get(roles.join(','));
      if (!token) throw new Error(`no test key with exactly the roles ${roles.join(', ')}`);
      return { authorization: `Bearer ${token}` };
    },
    async close(keepData = false) {
      await app.close();
      await store.close();
      await double?.stop();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
