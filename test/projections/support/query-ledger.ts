import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import {
  createMemoryEventStore,
  createSqliteEventStore,
  type EventStore,
} from '@ledger/event-store';
import { createLedgerApp } from '../../../apps/ledger-api/src/app.factory';
import { newApiKey, type Role } from '../../../apps/ledger-api/src/auth';
import { listenOnLoopback, withEnv } from '../../support/test-server';

/** Bearer tokens for one key per role the read side involves. */
export type Tokens = Readonly<Record<'recorder' | 'analyst' | 'auditor', string>>;

/** A ledger API on 127.0.0.1 (random port) over a real store, with its read models in a temp data dir. */
export interface QueryLedger {
  readonly url: string;
  readonly tokens: Tokens;
  readonly dataDir: string;
  readonly store: EventStore;
  close(): Promise<void>;
}

export interface QueryLedgerOptions {
  readonly sqlite?: boolean;
  /** The store's clock (memory store only), to give events distinct recording times. */
  readonly clock?: () => number;
  /** Extra environment (LEDGER_PROJECTIONS, LEDGER_QUERY_WAIT_MS, LEDGER_PUBLIC_BASE_URL…): read into the config and set while the app starts. */
  readonly env?: Readonly<Record<string, string>>;
  /** Use this data dir (and keep it on close) instead of a fresh one. */
  readonly dataDir?: string;
}

export async function startQueryLedger(options: QueryLedgerOptions = {}): Promise<QueryLedger> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-queries-'));
  const config = loadConfig({
    ...options.env,
    LEDGER_STORE: options.sqlite ? 'sqlite' : 'memory',
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
  });
  const store = options.sqlite
    ? createSqliteEventStore({ file: join(dataDir, 'ledger.db'), synchronous: 'NORMAL' })
    : createMemoryEventStore(options.clock ? { clock: options.clock } : {});
  const keys = (['recorder', 'analyst', 'auditor'] as const).map((role: Role) => ({
    role,
    ...newApiKey(`${role}-1`, [role]),
  }));
  const tokens = Object.fromEntries(keys.map((k) => [k.role, k.token])) as Tokens;
  // The settings in options.env are read while the app is created and started: set them just for that.
  const { app, url } = await withEnv(options.env ?? {}, async () => {
    const created = await createLedgerApp(config, {
      store,
      logger: false,
      auth: { apiKeys: keys.map((k) => k.record) },
    });
    return { app: created, url: await listenOnLoopback(created) };
  });
  return {
    url,
    tokens,
    dataDir,
    store,
    async close() {
      await app.close();
      await store.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary fields
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

type Ledger = { readonly url: string; readonly tokens: Tokens };

/** A query, as an analyst unless another role is named. */
export async function get(
  ledger: Ledger,
  path: string,
  as: keyof Tokens = 'analyst',
): Promise<Answer> {
  return answer(
    await fetch(`${ledger.url}${path}`, {
      headers: { authorization: `Bearer ${ledger.tokens[as]}` },
    }),
  );
}

/** A command, as a recorder. */
export async function post(
  ledger: Ledger,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const all = {
    'content-type': 'application/json',
    authorization: `Bearer ${ledger.tokens.recorder}`,
    ...headers,
  };
  return answer(
    await fetch(`${ledger.url}${path}`, {
      method: 'POST',
      headers: all,
      body: JSON.stringify(body),
    }),
  );
}

interface FixtureRequest {
  readonly path: string;
  readonly body: unknown;
  readonly idempotencyKey?: string;
}

/** Enters the founding article through the command API (the fixture `npm run seed` posts); returns each command's position. */
export async function enterSeed(ledger: Ledger): Promise<bigint[]> {
  const fixture = JSON.parse(
    readFileSync(join(__dirname, '../../../fixtures/seed-scenario.json'), 'utf8'),
  ) as FixtureRequest[];
  const positions: bigint[] = [];
  for (const request of fixture) {
    const headers: Record<string, string> = {
      'x-correlation-id': 'seed-e2e',
      ...(request.idempotencyKey ? { 'idempotency-key': request.idempotencyKey } : {}),
    };
    const written = await post(ledger, request.path, request.body, headers);
    if (written.status !== 201 && written.status !== 200)
      throw new Error(
        `${request.path} answered ${written.status}: ${JSON.stringify(written.body)}`,
      );
    positions.push(BigInt(written.body.position as string));
  }
  return positions;
}
