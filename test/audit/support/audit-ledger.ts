import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@ledger/config';
import { createLedgerApp } from '../../../apps/ledger-api/src/app.factory';
import { newApiKey } from '../../../apps/ledger-api/src/auth';
import { listenOnLoopback } from '../../support/test-server';

export const ROOT = join(__dirname, '../../..');
export const SEED_FIXTURE = join(ROOT, 'fixtures/seed-scenario.json');

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
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-audit-'));
  const config = loadConfig({
    LEDGER_STORE: 'sqlite',
    LEDGER_DATA_DIR: dir,
    LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL',
    PORT: '0',
    ...env,
  });
  const keys = (['recorder', 'analyst', 'auditor', 'admin'] as const).map((role) => ({
    role,
    ...newApiKey(`${role}-1`, [role]),
  }));
  const tokens = Object.fromEntries(keys.map((k) => [k.role, k.token])) as unknown as Tokens;
  const app = await createLedgerApp(config, {
    logger: false,
    auth: { apiKeys: keys.map((k) => k.record) },
  });
  const url = await listenOnLoopback(app);
  return {
    url,
    dataDir: dir,
    tokens,
    app,
    async close() {
      await app.close();
      if (dataDir === undefined) rmSync(dir, { recursive: true, force: true });
    },
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

interface FixtureRequest {
  readonly path: string;
  readonly body: unknown;
  readonly idempotencyKey?: string;
}

/** Enters the seed fixture over HTTP as the recorder, as `npm run seed` does. */
export async function enterSeed(ledger: AuditLedger): Promise<void> {
  const requests = JSON.parse(readFileSync(SEED_FIXTURE, 'utf8')) as FixtureRequest[];
  for (const request of requests) {
    const response = await fetch(`${ledger.url}${request.path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ledger.tokens.recorder}`,
        'content-type': 'application/json',
        ...(request.idempotencyKey ? { 'idempotency-key': request.idempotencyKey } : {}),
      },
      body: JSON.stringify(request.body),
    });
    if (response.status !== 201)
      throw new Error(`${request.path} -> ${response.status} ${await response.text()}`);
  }
}
