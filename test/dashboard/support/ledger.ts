import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { apiKeys, enterSeedFixture, startTestLedger } from '../../support/test-ledger';

/** The keys the browser tests use, by what their holder does. */
export interface Tokens {
  /** recorder: enters the seed scenario and the live command. */
  readonly desk: string;
  /** analyst, auditor and subscriber: everything the dashboard reads. */
  readonly analyst: string;
  /** analyst and subscriber, not auditor: may not read audit trails. */
  readonly reader: string;
}

/** The real ledger on a SQLite file in a temp dir, listening on 127.0.0.1 with a random port, serving `dashboardDir`. */
export interface DashboardLedger {
  readonly url: string;
  readonly tokens: Tokens;
  readonly app: NestFastifyApplication;
  close(): Promise<void>;
}

export async function startDashboardLedger(dashboardDir: string): Promise<DashboardLedger> {
  const keys = apiKeys({
    desk: { name: 'desk', roles: ['recorder'] },
    analyst: { name: 'analyst', roles: ['analyst', 'auditor', 'subscriber'] },
    reader: { name: 'reader', roles: ['analyst', 'subscriber'] },
  });
  const ledger = await startTestLedger({
    store: 'sqlite',
    config: { LEDGER_DASHBOARD_DIR: dashboardDir },
    auth: { apiKeys: keys.records, rateLimit: { limit: 100_000, windowMs: 60_000 } },
  });
  return {
    url: ledger.url,
    tokens: keys.tokens,
    app: ledger.app,
    close: () => ledger.close(),
  };
}

/** Posts one command with the desk's key; returns the status and the parsed body. */
export async function postCommand(
  ledger: DashboardLedger,
  path: string,
  body: unknown,
  idempotencyKey?: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${ledger.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${ledger.tokens.desk}`,
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Enters fixtures/seed-scenario.json over HTTP, as `npm run seed` does; fails at the first refusal. */
export async function enterSeedScenario(ledger: DashboardLedger): Promise<void> {
  await enterSeedFixture(ledger.url, { authorization: `Bearer ${ledger.tokens.desk}` });
}

/** GETs a query with the analyst's key; fails loudly on anything but 200. */
export async function readJson<T>(ledger: DashboardLedger, path: string): Promise<T> {
  const response = await fetch(`${ledger.url}${path}`, {
    headers: { authorization: `Bearer ${ledger.tokens.analyst}` },
  });
  if (response.status !== 200)
    throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
