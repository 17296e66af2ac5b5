import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createSqliteEventStore, type EventStore } from '@ledger/event-store';
import { keysEnv, testKeys } from '../../apps/ledger-api/src/auth/testing/test-keys';
import { type LedgerProcess, startLedgerProcess } from '../reliability/support/ledger-process';
import { requestEvents, sendSeed } from './support/command-bases';
import {
  getRoutes,
  type GetRoute,
  type HostileQuery,
  hostileQueries,
} from './support/hostile-queries';
import { isProblem, rawClient } from './support/raw-http';

const BATCH = 8;
const RUNS = 500;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/**
 * Hostile query strings against the real server (the API as its own process, SQLite,
 * 127.0.0.1), on every GET route of its OpenAPI document: never a 5xx, every refusal a 4xx
 * problem+json, exactly 400 for a value no parameter of that kind takes (including forged
 * cursors, whose sort key once reached SQLite and answered 500), and the event log unchanged.
 */
describe('hostile query strings on every GET route', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-query-fuzz-'));
  const tsCacheDir = mkdtempSync(join(tmpdir(), 'ledger-ts-cache-'));
  const keys = testKeys();
  let ledger: LedgerProcess;
  let client: ReturnType<typeof rawClient>;
  let routes: GetRoute[];
  let head: bigint;
  let store: EventStore;

  const getJson = async (path: string): Promise<Record<string, unknown>> => {
    const reply = await fetch(`${ledger.url}${path}`, {
      headers: { authorization: `Bearer ${keys.tokens.admin}` },
    });
    if (reply.status !== 200) throw new Error(`${path} answered ${reply.status}`);
    return (await reply.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    ledger = await startLedgerProcess({
      dataDir,
      tsCacheDir,
      env: {
        LEDGER_API_KEYS: keysEnv(keys),
        LEDGER_RATE_LIMIT: '1000000000',
        // A position beyond the head waits this long before its 400.
        LEDGER_QUERY_WAIT_MS: '200',
      },
    });
    client = rawClient(ledger.url, BATCH);
    await sendSeed(client, keys.tokens.recorder);
    store = createSqliteEventStore({ file: join(dataDir, 'ledger.db') });
    head = BigInt((await getJson('/health')).lastPosition as string);
    const discrepancies = (await getJson(`/discrepancies?minPosition=${head}`)) as {
      items: { discrepancyId: string }[];
    };
    routes = getRoutes((await getJson('/docs-json')) as never, {
      agreementId: 'istanbul-2025',
      claimId: 'claim-ru-mod-final-1248',
      sourceId: 'ewn',
      offerId: 'offer-ru-2239-beyond-istanbul',
      discrepancyId: discrepancies.items[0]?.discrepancyId ?? 'none',
      position: '1',
      stream: 'agreement-istanbul-2025',
      category: 'agreement',
    });
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await store?.close();
    await ledger?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(tsCacheDir, { recursive: true, force: true });
  });

  it(`answers ${BATCH * RUNS} hostile query strings without a 5xx`, async () => {
    const paths = routes.map((r) => r.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/claims',
        '/claims/claim-ru-mod-final-1248/audit-trail',
        '/discrepancies',
        '/sources',
        '/sources/ewn/claims',
        '/offers',
        '/agreements',
        '/agreements/istanbul-2025/totals',
      ]),
    );
    const seeded = await requestEvents(store);
    const statuses = new Map<number, number>();
    const kinds = new Map<string, number>();
    let refusedAsRequired = 0;
    let sent = 0;
    const started = Date.now();

    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileQueries(routes, { reader: keys.tokens.admin }, head), {
          minLength: BATCH,
          maxLength: BATCH,
        }),
        async (batch: HostileQuery[]) => {
          const replies = await Promise.all(batch.map((r) => client.send(r)));
          sent += batch.length;
          replies.forEach((reply, i) => {
            statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
            kinds.set(batch[i]!.label, (kinds.get(batch[i]!.label) ?? 0) + 1);
            if (batch[i]!.mustRefuse && reply.status === 400) refusedAsRequired++;
          });
          const wrong = replies
            .map((reply, i) => ({ reply, request: batch[i]! }))
            .filter(
              ({ reply, request }) =>
                reply.status >= 500 ||
                (reply.status >= 400 && !isProblem(reply)) ||
                (request.mustRefuse && reply.status !== 400),
            );
          if (wrong.length > 0) {
            const { reply, request } = wrong[0]!;
            throw new Error(
              `${request.label} GET ${request.path.slice(0, 300)} -> ${reply.status} ${reply.contentType}: ${reply.body.slice(0, 300)}`,
            );
          }
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );

    const health = await fetch(`${ledger.url}/health`);
    const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    console.log(
      [
        `Hostile query strings: ${sent} sent to ${routes.length} GET routes in ${((Date.now() - started) / 1000).toFixed(1)} s (fast-check seed ${SEED}, FUZZ_SEED=${SEED} to replay)`,
        `  answers by status: ${[...statuses]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}: ${n}`)
          .join(', ')}; 5xx: ${fivexx}; must-refuse answered 400: ${refusedAsRequired}`,
        `  by kind: ${[...kinds]
          .sort(([, a], [, b]) => b - a)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
      ].join('\n'),
    );
    expect(fivexx).toBe(0);
    expect(refusedAsRequired).toBeGreaterThan(0);
    expect(ledger.child.exitCode).toBeNull();
    expect(health.status).toBe(200);
    expect(await requestEvents(store)).toBe(seeded);
  }, 300_000);
});
