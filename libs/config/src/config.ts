import { resolve } from 'node:path';
import { type AuditConfig, loadAuditConfig } from './audit-config';

export type StoreKind = 'sqlite' | 'memory' | 'esdb';

export interface LedgerConfig {
  readonly store: StoreKind;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly esdbConnectionString?: string;
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  /** The checkpoint signing key and the checkpointer's schedule. */
  readonly audit: AuditConfig;
}

/** Thrown when the environment does not describe a valid configuration; the message says what to fix. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function oneOf<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
  problems: string[],
): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  problems.push(`${name}=${JSON.stringify(raw)} is not one of ${allowed.join(', ')}`);
  return fallback;
}

function portFrom(env: Env, problems: string[]): number {
  const raw = env.PORT;
  if (raw === undefined || raw === '') return 3000;
  const port = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT=${JSON.stringify(raw)} is not a port number (0-65535)`);
    return 3000;
  }
  return port;
}

/** Reads and validates the ledger's configuration from the environment. */
export function loadConfig(env: Env = process.env): LedgerConfig {
  const problems: string[] = [];
  const store = oneOf(
    env,
    'LEDGER_STORE',
    ['sqlite', 'memory', 'esdb'] as const,
    'sqlite',
    problems,
  );
  const sqliteSynchronous = oneOf(
    env,
    'LEDGER_SQLITE_SYNCHRONOUS',
    ['FULL', 'NORMAL'] as const,
    'FULL',
    problems,
  );
  const port = portFrom(env, problems);
  const esdbConnectionString = env.EVENTSTORE_CONNECTION_STRING || undefined;
  if (store === 'esdb' && !esdbConnectionString) {
    problems.push(
      'LEDGER_STORE=esdb needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://127.0.0.1:2113?tls=false)',
    );
  }
  if (
    esdbConnectionString &&
    !/^(esdb|esdb\+discover|kurrentdb|kdb):\/\//.test(esdbConnectionString)
  ) {
    problems.push('EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover://');
  }
  const dataDir = resolve(env.LEDGER_DATA_DIR || './data');
  const audit = loadAuditConfig(env, store, problems, dataDir);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    store,
    dataDir,
    port,
    host: env.HOST || '127.0.0.1',
    sqliteSynchronous,
    audit,
    ...(esdbConnectionString ? { esdbConnectionString } : {}),
  };
}
