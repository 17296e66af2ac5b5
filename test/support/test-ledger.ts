import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type LedgerConfig, loadConfig } from '@ledger/config';
import {
  createMemoryEventStore,
  createSqliteEventStore,
  type EventStore,
} from '@ledger/event-store';
import { createEsdbEventStore } from '../../libs/event-store/src/esdb';
import { startEsdbDouble } from '../../libs/event-store/src/esdb/testing/esdb-double';
import { createLedgerApp } from '../../apps/ledger-api/src/app.factory';
import {
  type ApiKeyRecord,
  type AuthOptions,
  newApiKey,
  type Role,
} from '../../apps/ledger-api/src/auth';
import { EVENT_STORE } from '../../apps/ledger-api/src/store/store.tokens';
import { listenOnLoopback } from './test-server';

/**
 * The one way the e2e suites start a ledger API: a store of the kind asked for, the app with the
 * keys given, listening on 127.0.0.1 (port 0 unless given), a temp data dir removed on close.
 * Each suite's own helper (test/<suite>/support) only picks its keys and options.
 */

/**
 * memory (default); sqlite: a file in the data dir; esdb: the esdb adapter over the gRPC double;
 * app: no store handed in, the app opens the one its configuration names (as `npm start` does);
 * given: the store in `given`, opened (and closed) by the suite, its kind named in `config`.
 */
export type TestStoreKind = 'memory' | 'sqlite' | 'esdb' | 'app' | 'given';

export interface TestLedgerOptions {
  readonly store?: TestStoreKind;
  /** The keys the app accepts, its rate limit, CORS origins. */
  readonly auth: AuthOptions;
  /** Configuration variables besides the store and data dir (loadConfig's input: LEDGER_SSE_*…). */
  readonly config?: Readonly<Record<string, string>>;
  /** SQLite store settings (the tests' files need no fsync per commit: NORMAL). */
  readonly sqlite?: { readonly synchronous?: 'FULL' | 'NORMAL'; readonly pollIntervalMs?: number };
  readonly catchUpPageSize?: number;
  /** The memory store's clock. */
  readonly clock?: () => number;
  /** Wraps or replaces the store the app writes to (fault injection). */
  readonly wrapStore?: (store: EventStore) => EventStore;
  /** The store of kind 'given' (the suite opens and closes it). */
  readonly given?: EventStore;
  /** Reuse this data dir (kept on close) instead of a fresh one. */
  readonly dataDir?: string;
  readonly port?: number;
}

export interface RunningTestLedger {
  readonly url: string;
  readonly port: number;
  readonly app: NestFastifyApplication;
  /** The store the app writes to (after wrapStore; the app's own for kind 'app'). */
  readonly store: EventStore;
  readonly dataDir: string;
  /** The configuration the app was started with (for a projector or CLI beside it). */
  readonly config: LedgerConfig;
  /** Closes the app and the store; `keepData` (or a data dir handed in) leaves the files. */
  close(keepData?: boolean): Promise<void>;
}

async function openStore(
  options: TestLedgerOptions,
  dataDir: string,
): Promise<{ store?: EventStore; given?: EventStore; stop?: () => Promise<void> }> {
  const page =
    options.catchUpPageSize === undefined ? {} : { catchUpPageSize: options.catchUpPageSize };
  switch (options.store ?? 'memory') {
    case 'memory':
      return {
        store: createMemoryEventStore({
          ...page,
          ...(options.clock ? { clock: options.clock } : {}),
        }),
      };
    case 'sqlite':
      return {
        store: createSqliteEventStore({
          file: join(dataDir, 'ledger.db'),
          ...options.sqlite,
          ...page,
        }),
      };
    case 'esdb': {
      const double = await startEsdbDouble();
      const store = createEsdbEventStore({ connectionString: double.connectionString });
      return { store, stop: () => double.stop() };
    }
    case 'app':
      return {};
    case 'given':
      if (options.given === undefined) throw new Error("store 'given' needs the given store");
      return { given: options.given };
  }
}

/** The configuration's store: what the app opens itself ('app'), else what the handed-in store is. */
function configuredStore(kind: TestStoreKind): Record<string, string> {
  if (kind === 'app') return { LEDGER_STORE: 'sqlite' };
  if (kind === 'given') return {};
  return { LEDGER_STORE: kind === 'esdb' ? 'memory' : kind };
}

export async function startTestLedger(options: TestLedgerOptions): Promise<RunningTestLedger> {
  const kind = options.store ?? 'memory';
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-test-'));
  const opened = await openStore(options, dataDir);
  const config = loadConfig({
    ...configuredStore(kind),
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
    ...options.config,
  });
  const own = opened.store && options.wrapStore ? options.wrapStore(opened.store) : opened.store;
  const given = own ?? opened.given;
  const app = await createLedgerApp(config, {
    ...(given ? { store: given } : {}),
    logger: false,
    auth: options.auth,
  });
  const url = await listenOnLoopback(app, options.port);
  return {
    url,
    port: Number(new URL(url).port),
    app,
    store: given ?? app.get<EventStore>(EVENT_STORE),
    dataDir,
    config,
    async close(keepData = false) {
      await app.close();
      await opened.store?.close();
      await opened.stop?.();
      if (!keepData && options.dataDir === undefined)
        rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** API keys made fresh for a run, by the name a test calls them: their records and tokens. */
export function apiKeys<K extends string>(
  spec: Readonly<Record<K, { readonly name: string; readonly roles: Role[] }>>,
): { readonly records: ApiKeyRecord[]; readonly tokens: Readonly<Record<K, string>> } {
  const made = (Object.entries(spec) as [K, { name: string; roles: Role[] }][]).map(
    ([as, { name, roles }]) => ({ as, ...newApiKey(name, roles) }),
  );
  return {
    records: made.map((k) => k.record),
    tokens: Object.fromEntries(made.map((k) => [k.as, k.token])) as Record<K, string>,
  };
}

/** One key per role, named `<role>-1` (the actor of what it records). */
export function oneKeyPerRole<R extends Role>(
  roles: readonly R[],
): { readonly records: ApiKeyRecord[]; readonly tokens: Readonly<Record<R, string>> } {
  const spec = Object.fromEntries(
    roles.map((role): [R, { name: string; roles: Role[] }] => [
      role,
      { name: `${role}-1`, roles: [role] },
    ]),
  ) as Record<R, { name: string; roles: Role[] }>;
  return apiKeys(spec);
}

export const SEED_FIXTURE = join(__dirname, '../../fixtures/seed-scenario.json');

interface FixtureRequest {
  readonly path: string;
  readonly body: unknown;
  readonly idempotencyKey?: string;
}

/**
 * Enters fixtures/seed-scenario.json over HTTP, as `npm run seed` does, with these headers (the
 * recorder's authorization); fails at the first answer not in `accepted`. Returns each command's
 * global position.
 */
export async function enterSeedFixture(
  url: string,
  headers: Readonly<Record<string, string>>,
  accepted: readonly number[] = [201],
): Promise<bigint[]> {
  const fixture = JSON.parse(readFileSync(SEED_FIXTURE, 'utf8')) as FixtureRequest[];
  const positions: bigint[] = [];
  for (const request of fixture) {
    const response = await fetch(`${url}${request.path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...headers,
        ...(request.idempotencyKey ? { 'idempotency-key': request.idempotencyKey } : {}),
      },
      body: JSON.stringify(request.body),
    });
    const text = await response.text();
    if (!accepted.includes(response.status))
      throw new Error(`${request.path} answered ${response.status}: ${text}`);
    positions.push(BigInt((JSON.parse(text) as { position: string }).position));
  }
  return positions;
}
