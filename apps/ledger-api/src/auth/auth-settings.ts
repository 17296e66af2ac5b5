import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, type LedgerConfig, SETTINGS } from '@ledger/config';
import type { ApiKeyRecord } from './api-key';
import { KEYS_FILE, KeysDocumentError, parseKeysDocument } from './key-file';
import type { KeySource } from './key-ring';

/** Authentication, rate limits and CORS, from the environment (validated at start). */
export interface AuthSettings {
  readonly keys: KeySource;
  /** Requests one key (or, on public routes, one address) may make per window. */
  readonly rateLimit: { readonly limit: number; readonly windowMs: number };
  /** Origins whose pages may call the API from a browser; none by default (CORS off). */
  readonly corsOrigins: readonly string[];
}

/** What a program embedding the ledger (tests, tools) may set instead of the environment. */
export interface AuthOptions {
  readonly apiKeys?: readonly ApiKeyRecord[];
  readonly rateLimit?: AuthSettings['rateLimit'];
  readonly corsOrigins?: readonly string[];
}

export const DEFAULT_RATE_LIMIT = {
  limit: SETTINGS.auth.rateLimit.limit.fallback,
  windowMs: SETTINGS.auth.rateLimit.windowMs.fallback,
} as const;

/**
 * LEDGER_API_KEYS holds the keys as JSON, or names a keys file; without it the keys file is
 * `<data dir>/api-keys.json`, created with a first admin key when absent.
 */
function keySource(configured: string | undefined, dataDir: string, problems: string[]): KeySource {
  if (configured === undefined)
    return { kind: 'file', path: join(dataDir, KEYS_FILE), createAdminIn: dataDir };
  if (configured.startsWith('[') || configured.startsWith('{')) {
    try {
      return {
        kind: 'fixed',
        keys: parseKeysDocument(configured, 'LEDGER_API_KEYS'),
        where: 'LEDGER_API_KEYS',
      };
    } catch (error) {
      problems.push(...(error instanceof KeysDocumentError ? error.problems : [String(error)]));
      return { kind: 'fixed', keys: [], where: 'LEDGER_API_KEYS' };
    }
  }
  const path = resolve(configured);
  if (!existsSync(path))
    problems.push(`LEDGER_API_KEYS=${JSON.stringify(configured)}: no such keys file`);
  return { kind: 'file', path };
}

/**
 * The access settings of the configuration, with the keys document read; options given by the
 * embedding program win over the configuration. Throws a ConfigError before anything is written.
 */
export function loadAuthSettings(config: LedgerConfig, options: AuthOptions = {}): AuthSettings {
  const problems: string[] = [];
  const keys: KeySource = options.apiKeys
    ? { kind: 'fixed', keys: options.apiKeys, where: 'the application options' }
    : keySource(config.auth.apiKeys, config.dataDir, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    keys,
    rateLimit: options.rateLimit ?? config.auth.rateLimit,
    corsOrigins: [...(options.corsOrigins ?? config.auth.corsOrigins)],
  };
}
