import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@ledger/config';
import { createSqliteEventStore } from '@ledger/event-store';
import { createLedgerApp } from '../../../apps/ledger-api/src/app.factory';
import { newApiKey, type Role } from '../../../apps/ledger-api/src/auth';
import type { FixtureRequest } from '../../api/support/http-requests';
import { listenOnLoopback } from '../../support/test-server';

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

function key(
  name: string,
  roles: Role[],
): { record: ReturnType<typeof newApiKey>['record']; token: string } {
  return newApiKey(name, roles);
}

export async function startDashboardLedger(dashboardDir: string): Promise<DashboardLedger> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-dashboard-data-'));
  const config = loadConfig({
    LEDGER_STORE: 'sqlite',
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
    LEDGER_DASHBOARD_DIR: dashboardDir,
  });
  const store = createSqliteEventStore({ file: join(dataDir, 'ledger.db') });
  const desk = key('desk', ['recorder']);
  const analyst = key('analyst', ['analyst', 'auditor', 'subscriber']);
  const reader = key('reader', ['analyst', 'subscriber']);
  const app = await createLedgerApp(config, {
    store,
    logger: false,
    // The suite's pages make a few hundred reads a minute; the default limit is for people.
    auth: {
      apiKeys: [desk.record, analyst.record, reader.record],
      rateLimit: { limit: 100_000, windowMs: 60_000 },
    },
  });
  const url = await listenOnLoopback(app);
  return {
    url,
    tokens: { desk: desk.token, analyst: analyst.token, reader: reader.token },
    app,
    async close() {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
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
  const fixture: FixtureRequest[] = JSON.parse(
    readFileSync(join(__dirname, '../../../fixtures/seed-scenario.json'), 'utf8'),
  );
  for (const request of fixture) {
    const answer = await postCommand(ledger, request.path, request.body, request.idempotencyKey);
    if (answer.status !== 201)
      throw new Error(`${request.path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
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
