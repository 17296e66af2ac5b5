import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { enterSeedFixture, oneKeyPerRole, startTestLedger } from '../../support/test-ledger';

export { SEED_FIXTURE } from '../../support/test-ledger';
export const ROOT = join(__dirname, '../../..');

export type Tokens = Readonly<Record<'recorder' | 'analyst' | 'auditor' | 'admin', string>>;

/** A ledger API on 127.0.0.1 (random port) over a SQLite file in a temp data dir, with one key per role. */
export interface AuditLedger {
  readonly url: string;
  readonly dataDir: string;
  readonly tokens: Tokens;
  readonly app: NestFastifyApplication;
  /** Closes the app (and its store); removes the data dir unless it was handed in. */
  close(): Promise<void>;
}

export async function startAuditLedger(
  env: Readonly<Record<string, string>> = {},
  dataDir?: string,
): Promise<AuditLedger> {
  const keys = oneKeyPerRole(['recorder', 'analyst', 'auditor', 'admin'] as const);
  // No store handed in: the app opens its own SQLite store from the data dir, as in production.
  const ledger = await startTestLedger({
    store: 'app',
    config: { LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL', ...env },
    auth: { apiKeys: keys.records },
    ...(dataDir === undefined ? {} : { dataDir }),
  });
  return {
    url: ledger.url,
    dataDir: ledger.dataDir,
    tokens: keys.tokens,
    app: ledger.app,
    close: () => ledger.close(),
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary fields
}

export async function call(
  ledger: AuditLedger,
  method: 'GET' | 'POST',
  path: string,
  token?: string,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(`${ledger.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json');
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: json && text !== '' ? JSON.parse(text) : undefined,
  };
}

/** Enters the seed fixture over HTTP as the recorder, as `npm run seed` does. */
export async function enterSeed(ledger: AuditLedger): Promise<void> {
  await enterSeedFixture(ledger.url, { authorization: `Bearer ${ledger.tokens.recorder}` });
}
