import fc from 'fast-check';
import { requestEvents } from './support/command-bases';
import { useFuzzLedger } from './support/fuzz-ledger';
import {
  getRoutes,
  type GetRoute,
  type HostileQuery,
  hostileQueries,
} from './support/hostile-queries';
import { isProblem, ReplyTally } from './support/raw-http';

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
  // A position beyond the head waits LEDGER_QUERY_WAIT_MS before its 400.
  const fuzz = useFuzzLedger({
    prefix: 'ledger-query-fuzz-',
    sockets: BATCH,
    env: { LEDGER_QUERY_WAIT_MS: '200' },
  });
  let routes: GetRoute[];
  let head: bigint;

  const getJson = async (path: string): Promise<Record<string, unknown>> => {
    const reply = await fetch(`${fuzz.ledger.url}${path}`, {
      headers: { authorization: `Bearer ${fuzz.keys.tokens.admin}` },
    });
    if (reply.status !== 200) throw new Error(`${path} answered ${reply.status}`);
    return (await reply.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
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
  }, 60_000);

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
    const { keys, ledger, client, store } = fuzz;
    const seeded = await requestEvents(store);
    const tally = new ReplyTally();
    let refusedAsRequired = 0;
    const started = Date.now();

    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileQueries(routes, { reader: keys.tokens.admin }, head), {
          minLength: BATCH,
          maxLength: BATCH,
        }),
        async (batch: HostileQuery[]) => {
          const replies = await Promise.all(batch.map((r) => client.send(r)));
          tally.add(batch, replies);
          refusedAsRequired += batch.filter(
            (request, i) => request.mustRefuse && replies[i]!.status === 400,
          ).length;
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
    console.log(
      [
        `Hostile query strings: ${tally.sent} sent to ${routes.length} GET routes in ${((Date.now() - started) / 1000).toFixed(1)} s (fast-check seed ${SEED}, FUZZ_SEED=${SEED} to replay)`,
        ...tally.reportLines(),
        `  must-refuse answered 400: ${refusedAsRequired}`,
      ].join('\n'),
    );
    expect(tally.serverErrors).toBe(0);
    expect(refusedAsRequired).toBeGreaterThan(0);
    expect(ledger.child.exitCode).toBeNull();
    expect(health.status).toBe(200);
    expect(await requestEvents(store)).toBe(seeded);
  }, 300_000);
});
