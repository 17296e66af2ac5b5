import { type ChildProcess, spawn } from 'node:child_process';
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
  KEYS_FILE,
  newApiKey,
  type Role,
} from '../../apps/ledger-api/src/auth';
import { writeKeysFile } from '../../apps/ledger-api/src/auth/key-file';
import { EVENT_STORE } from '../../apps/ledger-api/src/store/store.tokens';
import { ROOT } from './child-run';
import { call } from './http';
import { listenOnLoopback } from './test-server';

/**
 * The one way the e2e suites start a ledger API. In-process (`startTestLedger({ store })`): a
 * store of the kind asked for, the app with the keys given, listening on 127.0.0.1 (port 0 unless
 * given), a temp data dir removed on close, the `keys` given with their tokens by name; a suite's
 * own helper (test/<suite>/support) is at most an alias picking its store, keys and settings. As its own process (`startTestLedger({ process: true })`):
 * apps/ledger-api/src/main.ts run as `npm start` runs it, for the crash, lock, first-start,
 * flood, fuzz, topology and ops suites.
 */

/**
 * memory (default); sqlite: a file in the data dir; esdb: the esdb adapter over the gRPC double;
 * app: no store handed in, the app opens the one its configuration names (as `npm start` does);
 * given: the store in `given`, opened (and closed) by the suite, its kind named in `config`.
 */
export type TestStoreKind = 'memory' | 'sqlite' | 'esdb' | 'app' | 'given';

/** API keys made for a test (apiKeys, oneKeyPerRole): their records and tokens by the name a test calls them. */
export interface TestKeys<K extends string> {
  readonly records: readonly ApiKeyRecord[];
  readonly tokens: Readonly<Record<K, string>>;
}

export interface TestLedgerOptions<K extends string = never> {
  readonly store?: TestStoreKind;
  /** The keys the app accepts (besides `auth.apiKeys`); their tokens come back as `tokens`. */
  readonly keys?: TestKeys<K>;
  /**
   * Keep the keys in `<dataDir>/api-keys.json`, as a deployment does, rather than a fixed list:
   * the ledger re-reads the file when it changes.
   */
  readonly keysInFile?: boolean;
  /** More keys the app accepts, its rate limit, CORS origins. */
  readonly auth?: AuthOptions;
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

export interface RunningTestLedger<K extends string = never> {
  readonly url: string;
  /** The token of each key in `keys`, by its name. */
  readonly tokens: Readonly<Record<K, string>>;
  /** `{ authorization: 'Bearer …' }` for the key named `as`. */
  bearer(as: K): { readonly authorization: string };
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
  options: TestLedgerOptions<string>,
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

export function startTestLedger(options: TestLedgerProcessOptions): Promise<LedgerProcess>;
export function startTestLedger<K extends string = never>(
  options: TestLedgerOptions<K>,
): Promise<RunningTestLedger<K>>;
export function startTestLedger<K extends string>(
  options: TestLedgerOptions<K> | TestLedgerProcessOptions,
): Promise<RunningTestLedger<K> | LedgerProcess> {
  return 'process' in options ? startLedgerProcess(options) : startInProcess(options);
}

/** The app's auth options: the keys given (in a fixed list, or written to the data dir's keys file), then `auth`. */
function authOf(options: TestLedgerOptions<string>, dataDir: string): AuthOptions {
  const { apiKeys: more, ...rest } = options.auth ?? {};
  if (options.keys === undefined && !options.keysInFile) return options.auth ?? {};
  const records = [...(options.keys?.records ?? []), ...(more ?? [])];
  if (!options.keysInFile) return { apiKeys: records, ...rest };
  writeKeysFile(join(dataDir, KEYS_FILE), records);
  return rest;
}

async function startInProcess<K extends string>(
  options: TestLedgerOptions<K>,
): Promise<RunningTestLedger<K>> {
  const kind = options.store ?? 'memory';
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-test-'));
  const tokens = (options.keys?.tokens ?? {}) as Readonly<Record<K, string>>;
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
    auth: authOf(options, dataDir),
  });
  const url = await listenOnLoopback(app, options.port);
  return {
    url,
    tokens,
    bearer: (as) => bearer(tokens[as]),
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

/** The ledger API (apps/ledger-api/src/main.ts) running as its own process, as `npm start` runs it. */
export interface LedgerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  readonly output: { stdout: string; stderr: string };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, and waits for the process to end. */
  stop(): Promise<void>;
}

export interface TestLedgerProcessOptions {
  readonly process: true;
  /** LEDGER_DATA_DIR (else whatever `env` says). */
  readonly dataDir?: string;
  /** Extra environment (LEDGER_API_KEYS, PORT, limits…). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Pass on the runner's environment (default), without its LEDGER_* variables; false: only
   * PATH and `env` (a clean environment, as an operator's shell would give).
   */
  readonly inheritEnv?: boolean;
  /** The process's working directory (default: the repository root). */
  readonly cwd?: string;
  /** Where compiled sources are kept between starts (see ts-cache-hook.cjs). */
  readonly tsCacheDir?: string;
  readonly startTimeoutMs?: number;
}

/** The node arguments that run one of our apps from its TypeScript sources (compiled once per cache dir). */
export const NODE_TS_ARGS = [
  '-r',
  join(ROOT, 'scripts', 'register-ts.cjs'),
  '-r',
  join(__dirname, 'ts-cache-hook.cjs'),
] as const;
const MAIN = join(ROOT, 'apps', 'ledger-api', 'src', 'main.ts');

function childEnv(options: Omit<TestLedgerProcessOptions, 'process'>): NodeJS.ProcessEnv {
  const inherited =
    options.inheritEnv === false
      ? { PATH: process.env.PATH ?? '' }
      : Object.fromEntries(
          Object.entries(process.env).filter(([name]) => !name.startsWith('LEDGER_')),
        );
  return {
    ...inherited,
    ...(options.dataDir === undefined ? {} : { LEDGER_DATA_DIR: options.dataDir }),
    PORT: '0',
    HOST: '127.0.0.1',
    ...(options.tsCacheDir ? { LEDGER_TEST_TS_CACHE: options.tsCacheDir } : {}),
    ...options.env,
  };
}

/** Runs the ledger process without waiting for it (a start that must fail, say). */
export function spawnLedgerProcess(options: Omit<TestLedgerProcessOptions, 'process'>): {
  child: ChildProcess;
  output: LedgerProcess['output'];
  exited: LedgerProcess['exited'];
} {
  const child = spawn(process.execPath, [...NODE_TS_ARGS, MAIN], {
    cwd: options.cwd ?? ROOT,
    env: childEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output, exited };
}

/** Resolves once the process prints where it listens; rejects if it exits or takes too long first. */
async function startLedgerProcess(options: TestLedgerProcessOptions): Promise<LedgerProcess> {
  const { child, output, exited } = spawnLedgerProcess(options);
  const limit = options.startTimeoutMs ?? 60_000;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `The ledger did not start within ${limit} ms:\n${output.stdout}\n${output.stderr}`,
        ),
      );
    }, limit);
    const look = (): void => {
      const match = /listening on (http:\/\/[0-9.]+:\d+)/.exec(output.stdout);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', look);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `The ledger exited before listening (code ${code}, signal ${signal}):\n${output.stdout}\n${output.stderr}`,
        ),
      );
    });
  });
  return {
    url,
    child,
    output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}

/** `{ authorization: 'Bearer …' }` for a token. */
export function bearer(token: string): { readonly authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** API keys made fresh for a run, by the name a test calls them: their records and tokens. */
export function apiKeys<K extends string>(
  spec: Readonly<Record<K, { readonly name: string; readonly roles: Role[] }>>,
): TestKeys<K> {
  const made = (Object.entries(spec) as [K, { name: string; roles: Role[] }][]).map(
    ([as, { name, roles }]) => ({ as, ...newApiKey(name, roles) }),
  );
  return {
    records: made.map((k) => k.record),
    tokens: Object.fromEntries(made.map((k) => [k.as, k.token])) as Record<K, string>,
  };
}

/** One key per role, named `<role>-1` (the actor of what it records). */
export function oneKeyPerRole<R extends Role>(roles: readonly R[]): TestKeys<R> {
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
    const answer = await call(url, 'POST', request.path, {
      body: request.body,
      headers: {
        ...headers,
        ...(request.idempotencyKey ? { 'idempotency-key': request.idempotencyKey } : {}),
      },
    });
    if (!accepted.includes(answer.status))
      throw new Error(`${request.path} answered ${answer.status}: ${answer.text}`);
    positions.push(BigInt((answer.body as { position: string }).position));
  }
  return positions;
}
