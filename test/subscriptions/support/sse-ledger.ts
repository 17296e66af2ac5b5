import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type EventStore } from '@ledger/event-store';
import type { ApiKeyRecord } from '../../../apps/ledger-api/src/auth';
import { SseConnections } from '../../../apps/ledger-api/src/subscriptions/sse-connections';
import {
  apiKeys,
  startTestLedger,
  type TestStoreKind as AnyStoreKind,
} from '../../support/test-ledger';

export type TestStoreKind = Extract<AnyStoreKind, 'memory' | 'sqlite' | 'esdb'>;

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
  /** More keys the ledger accepts, besides the test keys below. */
  readonly extraKeys?: readonly ApiKeyRecord[];
  /**
   * Keep the keys in `<dataDir>/api-keys.json`, as a deployment does, rather than a fixed list: the
   * ledger re-reads the file when it changes (revocation tests rewrite it).
   */
  readonly keysInFile?: boolean;
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
  /** The same header for another key, holding only `role`. */
  keyWith(role: 'analyst' | 'recorder'): { readonly authorization: string };
  /** Closes the app and the store; `keepData` leaves the SQLite file for a restart. */
  close(keepData?: boolean): Promise<void>;
}

/**
 * The keys every test ledger of this process accepts (the same across a restart, as a real
 * deployment's keys file would be): one with the subscriber and recorder roles, and one per other
 * role for the refusal tests.
 */
const KEYS = apiKeys({
  subscriber: { name: 'sse-test', roles: ['subscriber', 'recorder'] },
  analyst: { name: 'only-analyst', roles: ['analyst'] },
  recorder: { name: 'only-recorder', roles: ['recorder'] },
});
/** A rate limit far above what the tests send: they open a thousand connections on one key. */
const RATE_LIMIT = { limit: 1_000_000, windowMs: 60_000 };

export async function startSseLedger(options: SseLedgerOptions = {}): Promise<SseLedger> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-sse-'));
  const ledger = await startTestLedger({
    store: options.store ?? 'memory',
    sqlite: { synchronous: 'NORMAL', pollIntervalMs: 20 },
    ...(options.catchUpPageSize === undefined ? {} : { catchUpPageSize: options.catchUpPageSize }),
    config: { LEDGER_CHECKPOINTER: options.checkpointer ?? 'off', ...options.sseEnv },
    dataDir,
    ...(options.port === undefined ? {} : { port: options.port }),
    keys: KEYS,
    keysInFile: options.keysInFile ?? false,
    auth: { apiKeys: options.extraKeys ?? [], rateLimit: RATE_LIMIT },
  });
  const { app } = ledger;
  return {
    url: ledger.url,
    port: ledger.port,
    store: ledger.store,
    app,
    dataDir,
    connections: app.get(SseConnections),
    token: KEYS.tokens.subscriber,
    auth: ledger.bearer('subscriber'),
    keyWith: (role) => ledger.bearer(role),
    async close(keepData = false) {
      await ledger.close(keepData);
      // A restarted server's data dir was handed in; its last close removes it.
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
