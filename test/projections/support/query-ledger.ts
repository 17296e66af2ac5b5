import { type EventStore } from '@ledger/event-store';
import { enterSeedFixture, oneKeyPerRole, startTestLedger } from '../../support/test-ledger';

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
  /** Extra settings for the projections (LEDGER_PROJECTIONS, LEDGER_QUERY_WAIT_MS). */
  readonly env?: Readonly<Record<string, string>>;
  /** Use this data dir (and keep it on close) instead of a fresh one. */
  readonly dataDir?: string;
}

export async function startQueryLedger(options: QueryLedgerOptions = {}): Promise<QueryLedger> {
  const keys = oneKeyPerRole(['recorder', 'analyst', 'auditor'] as const);
  const ledger = await startTestLedger({
    store: options.sqlite ? 'sqlite' : 'memory',
    sqlite: { synchronous: 'NORMAL' },
    ...(options.clock ? { clock: options.clock } : {}),
    config: options.env ?? {},
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    auth: { apiKeys: keys.records },
  });
  return {
    url: ledger.url,
    tokens: keys.tokens,
    dataDir: ledger.dataDir,
    store: ledger.store,
    close: () => ledger.close(),
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

/** Enters the founding article through the command API (the fixture `npm run seed` posts); returns each command's position. */
export function enterSeed(ledger: Ledger): Promise<bigint[]> {
  return enterSeedFixture(
    ledger.url,
    { 'x-correlation-id': 'seed-e2e', authorization: `Bearer ${ledger.tokens.recorder}` },
    [201, 200],
  );
}
