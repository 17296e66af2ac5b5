import { call } from '../../support/http';
import {
  apiKeys,
  enterSeedFixture,
  type RunningTestLedger,
  startTestLedger,
} from '../../support/test-ledger';

/**
 * The real ledger on a SQLite file, serving `dashboardDir`, with the browser tests' keys by what
 * their holder does: desk (recorder: the seed scenario and the live command); analyst (analyst,
 * auditor, subscriber: everything the dashboard reads); reader (analyst and subscriber, not
 * auditor: may not read audit trails).
 */
export type DashboardLedger = RunningTestLedger<'desk' | 'analyst' | 'reader'>;

export const startDashboardLedger = (dashboardDir: string): Promise<DashboardLedger> =>
  startTestLedger({
    store: 'sqlite',
    config: { LEDGER_DASHBOARD_DIR: dashboardDir },
    keys: apiKeys({
      desk: { name: 'desk', roles: ['recorder'] },
      analyst: { name: 'analyst', roles: ['analyst', 'auditor', 'subscriber'] },
      reader: { name: 'reader', roles: ['analyst', 'subscriber'] },
    }),
    auth: { rateLimit: { limit: 100_000, windowMs: 60_000 } },
  });

/** Posts one command with the desk's key; returns the status and the parsed body. */
export const postCommand = (
  ledger: DashboardLedger,
  path: string,
  body: unknown,
  idempotencyKey?: string,
): Promise<{ status: number; body: unknown }> =>
  call(ledger.url, 'POST', path, {
    token: ledger.tokens.desk,
    body,
    headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
  });

/** Enters fixtures/seed-scenario.json over HTTP, as `npm run seed` does; fails at the first refusal. */
export const enterSeedScenario = (ledger: DashboardLedger): Promise<bigint[]> =>
  enterSeedFixture(ledger.url, ledger.bearer('desk'));

/** GETs a query with the analyst's key; fails loudly on anything but 200. */
export async function readJson<T>(ledger: DashboardLedger, path: string): Promise<T> {
  const answer = await call(ledger.url, 'GET', path, { token: ledger.tokens.analyst });
  if (answer.status !== 200)
    throw new Error(`GET ${path} answered ${answer.status}: ${answer.text}`);
  return answer.body as T;
}
