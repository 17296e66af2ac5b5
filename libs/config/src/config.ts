import { resolve } from 'node:path';
import { type AuditConfig, auditConfigFrom } from './audit-config';
import { INVALID, isSetting, type ValuesOf } from './setting';
import { OTHER_VARIABLES, SETTINGS } from './settings';
import { unknownVariableProblems } from './typos';

export type StoreKind = 'sqlite' | 'memory' | 'esdb';

type Values = ValuesOf<typeof SETTINGS>;

/**
 * The ledger's whole configuration, read once at start by each program (API, projector, CLI) and
 * handed down; nothing below the entry points reads the environment.
 */
export interface LedgerConfig extends Omit<Values, 'audit'> {
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

/** Every name in the table, for the typo check and the README's table. */
export function settingNames(section: object = SETTINGS): string[] {
  return Object.values(section).flatMap((entry: object) =>
    isSetting(entry) ? [entry.env] : settingNames(entry),
  );
}

/** Reads one section of the table (recursively), each problem added to `problems`. */
function read(section: object, env: Env, problems: string[]): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(section).map(([key, entry]: [string, object]) => {
      if (!isSetting(entry)) return [key, read(entry, env, problems)];
      const raw = env[entry.env];
      if (raw === undefined || raw.trim() === '') return [key, entry.fallback];
      const value = entry.parse(raw);
      if (value !== INVALID) return [key, value];
      problems.push(`${entry.env}=${JSON.stringify(raw)} is not ${entry.rule}`);
      return [key, entry.fallback];
    }),
  );
}

/** Rules between settings, checked once each setting is valid on its own. */
function crossChecks(values: Values, problems: string[]): void {
  if (values.store === 'esdb' && values.esdbConnectionString === undefined)
    problems.push(
      'LEDGER_STORE=esdb needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://127.0.0.1:2113?tls=false)',
    );
  if (values.store === 'memory' && values.workers > 1)
    problems.push(
      'LEDGER_WORKERS above 1 needs a store the processes share (sqlite or esdb), not memory',
    );
}

/**
 * Reads and validates the whole configuration from the environment (relative paths against
 * `cwd`). Every problem is named in one ConfigError, before the caller writes anything.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): LedgerConfig {
  const problems: string[] = [];
  const present = Object.keys(env).filter((name) => env[name] !== undefined);
  problems.push(...unknownVariableProblems(present, settingNames(), OTHER_VARIABLES));
  const values = read(SETTINGS, env, problems) as unknown as Values;
  crossChecks(values, problems);
  const dataDir = resolve(cwd, values.dataDir);
  const audit = auditConfigFrom(values.audit, { store: values.store, cwd, dataDir }, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const { dashboard } = values;
  return {
    ...values,
    dataDir,
    dashboard: { dir: dashboard.dir === undefined ? undefined : resolve(cwd, dashboard.dir) },
    audit,
  };
}
