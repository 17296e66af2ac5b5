import { type Answer, call } from '../../support/http';
import {
  enterSeedFixture,
  oneKeyPerRole,
  type RunningTestLedger,
  startTestLedger,
} from '../../support/test-ledger';

/** A ledger over a real store with its read models in a temp data dir, one key per role the read side involves. */
export type QueryLedger = RunningTestLedger<'recorder' | 'analyst' | 'auditor'>;

export interface QueryLedgerOptions {
  readonly sqlite?: boolean;
  /** The store's clock (memory store only), to give events distinct recording times. */
  readonly clock?: () => number;
  /** Extra settings for the projections (LEDGER_PROJECTIONS, LEDGER_QUERY_WAIT_MS). */
  readonly env?: Readonly<Record<string, string>>;
  /** Use this data dir (and keep it on close) instead of a fresh one. */
  readonly dataDir?: string;
}

export const startQueryLedger = ({
  sqlite,
  env,
  ...rest
}: QueryLedgerOptions = {}): Promise<QueryLedger> =>
  startTestLedger({
    store: sqlite ? 'sqlite' : 'memory',
    sqlite: { synchronous: 'NORMAL' },
    config: env ?? {},
    keys: oneKeyPerRole(['recorder', 'analyst', 'auditor'] as const),
    ...rest,
  });

type Ledger = Pick<QueryLedger, 'url' | 'tokens'>;

/** A query, as an analyst unless another role is named. */
export const get = (
  ledger: Ledger,
  path: string,
  as: keyof QueryLedger['tokens'] = 'analyst',
): Promise<Answer> => call(ledger.url, 'GET', path, { token: ledger.tokens[as] });

/** A command, as a recorder. */
export const post = (
  ledger: Ledger,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> =>
  call(ledger.url, 'POST', path, { token: ledger.tokens.recorder, headers, body });

/** Enters the founding article through the command API (the fixture `npm run seed` posts); returns each command's position. */
export const enterSeed = (ledger: Ledger): Promise<bigint[]> =>
  enterSeedFixture(
    ledger.url,
    { 'x-correlation-id': 'seed-e2e', authorization: `Bearer ${ledger.tokens.recorder}` },
    [201, 200],
  );
