import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '@ledger/config';
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

export const DEFAULT_RATE_LIMIT = { limit: 600, windowMs: 60_000 } as const;

type Env = Readonly<Record<string, string | undefined>>;
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

function wholeNumber(
  env: Env,
  name: string,
  fallback: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (value >= 1 && value <= max) return value;
  problems.push(`${name}=${JSON.stringify(raw)} is not a whole number between 1 and ${max}`);
  return fallback;
}

/**
 * LEDGER_API_KEYS holds the keys as JSON, or names a keys file; without it the keys file is
 * `<data dir>/api-keys.json`, created with a first admin key when absent.
 */
function keySource(env: Env, dataDir: string, problems: string[]): KeySource {
  const raw = env.LEDGER_API_KEYS?.trim();
  if (raw === undefined || raw === '')
    return { kind: 'file', path: join(dataDir, KEYS_FILE), createAdminIn: dataDir };
  if (raw.startsWith('[') || raw.startsWith('{')) {
    try {
      return {
        kind: 'fixed',
        keys: parseKeysDocument(raw, 'LEDGER_API_KEYS'),
        where: 'LEDGER_API_KEYS',
      };
    } catch (error) {
      problems.push(...(error instanceof KeysDocumentError ? error.problems : [String(error)]));
      return { kind: 'fixed', keys: [], where: 'LEDGER_API_KEYS' };
    }
  }
  const path = resolve(raw);
  if (!existsSync(path)) problems.push(`LEDGER_API_KEYS=${JSON.stringify(raw)}: no such keys file`);
  return { kind: 'file', path };
}

function corsOrigins(env: Env, problems: string[]): string[] {
  const raw = env.LEDGER_CORS_ORIGINS?.trim();
  if (raw === undefined || raw === '') return [];
  const origins = raw.split(',').map((o) => o.trim());
  const bad = origins.filter((o) => !ORIGIN.test(o));
  if (bad.length > 0)
    problems.push(
      `LEDGER_CORS_ORIGINS: ${bad.map((o) => JSON.stringify(o)).join(', ')} not an origin like https://desk.example.org (no path, no wildcard)`,
    );
  return origins;
}

/** Reads the settings; options given by the embedding program win over the environment. */
export function loadAuthSettings(
  dataDir: string,
  options: AuthOptions = {},
  env: Env = process.env,
): AuthSettings {
  const problems: string[] = [];
  const keys: KeySource = options.apiKeys
    ? { kind: 'fixed', keys: options.apiKeys, where: 'the application options' }
    : keySource(env, dataDir, problems);
  const rateLimit = options.rateLimit ?? {
    limit: wholeNumber(env, 'LEDGER_RATE_LIMIT', DEFAULT_RATE_LIMIT.limit, 1_000_000_000, problems),
    windowMs: wholeNumber(
      env,
      'LEDGER_RATE_WINDOW_MS',
      DEFAULT_RATE_LIMIT.windowMs,
      86_400_000,
      problems,
    ),
  };
  const cors = options.corsOrigins ? [...options.corsOrigins] : corsOrigins(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { keys, rateLimit, corsOrigins: cors };
}
