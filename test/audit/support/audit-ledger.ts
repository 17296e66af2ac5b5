import { type Answer, call as request } from '../../support/http';
import {
  enterSeedFixture,
  oneKeyPerRole,
  type RunningTestLedger,
  startTestLedger,
} from '../../support/test-ledger';

/** A ledger on a SQLite file the app opens itself (as in production), with one key per role. */
export type AuditLedger = RunningTestLedger<'recorder' | 'analyst' | 'auditor' | 'admin'>;

export const startAuditLedger = (
  env: Readonly<Record<string, string>> = {},
  dataDir?: string,
): Promise<AuditLedger> =>
  startTestLedger({
    store: 'app',
    config: { LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL', ...env },
    keys: oneKeyPerRole(['recorder', 'analyst', 'auditor', 'admin'] as const),
    ...(dataDir === undefined ? {} : { dataDir }),
  });

export const call = (
  ledger: AuditLedger,
  method: 'GET' | 'POST',
  path: string,
  token?: string,
  body?: unknown,
): Promise<Answer> => request(ledger.url, method, path, { token, body });

/** Enters the seed fixture over HTTP as the recorder, as `npm run seed` does. */
export const enterSeed = (ledger: AuditLedger): Promise<bigint[]> =>
  enterSeedFixture(ledger.url, ledger.bearer('recorder'));
