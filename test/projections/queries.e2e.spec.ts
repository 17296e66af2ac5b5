import { SEED_IDS } from '@ledger/domain';
import type { ClaimView, TotalsGroup } from '@ledger/projections';
import { enterSeed, get, post, type QueryLedger, startQueryLedger } from './support/query-ledger';

const { agreement, claims: C, sources: S, disputes: D } = SEED_IDS;
const MINUTE = 60_000;
const START = Date.UTC(2025, 5, 18, 8, 0, 0);

/** The founding article entered through the command API, read back through the queries. */
describe('queries over HTTP, on the seed scenario', () => {
  let ledger: QueryLedger;
  let positions: bigint[];
  let head: bigint;
  /** The recording time of the n-th command (the store's clock moves one minute per append). */
  /** When the store recorded the event at a position (each append, id reservations too, is a minute later). */
  const recordedAtOf = async (position: bigint | undefined): Promise<string | undefined> =>
    (await ledger.store.readAll()).find((e) => e.position === position)?.recordedAt.toISOString();

  beforeAll(async () => {
    let appends = 0;
    ledger = await startQueryLedger({
      clock: () => START + appends++ * MINUTE,
      env: { LEDGER_QUERY_WAIT_MS: '400' },
    });
    positions = await enterSeed(ledger);
    head = positions.at(-1) as bigint;
  });
  afterAll(() => ledger.close());

  const ruToUa = (totals: unknown): TotalsGroup => {
    const group = (totals as TotalsGroup[]).find(
      (t) => t.direction.from === 'russia' && t.direction.to === 'ukraine',
    );
    if (group === undefined) throw new Error('no totals for Russia to Ukraine');
    return group;
  };
  const claimIds = (items: unknown): string[] => (items as ClaimView[]).map((c) => c.claimId);

  it("serves each party's figure for the final phase side by side, with the range, never a winner", async () => {
    const answer = await get(ledger, `/agreements/${agreement}/totals?minPosition=${head}`);
    expect(answer.status).toBe(200);
    expect(answer.body.asOfPosition).toBe(head.toString());
    const group = ruToUa(answer.body.totals);
    expect(group.phases).toEqual([
      {
        phase: 'final',
        figures: [
          expect.objectContaining({
            sourceId: S.uaHq,
            claimId: C.uaFinal1245,
            quantity: { value: 1245, precision: 'exact' },
          }),
          expect.objectContaining({
            sourceId: S.ruMod,
            claimId: C.ruFinal1248,
            quantity: { value: 1248, precision: 'exact' },
          }),
        ],
        range: { lower: 1245, upper: 1248 },
        spread: 3,
      },
    ]);
    expect(group.claimants.map((c) => c.sourceId)).toEqual([S.uaHq, S.ruMod, S.umerov]);
    expect(group.claimants[2]).toMatchObject({
      phases: [],
      phaseSum: null,
      statedTotal: { quantity: { value: 6000, precision: 'at_least' }, period: 'past week' },
    });
    expect(group.range).toEqual({
      phaseSum: { lower: 1245, upper: 1248 },
      statedTotal: { lower: 6000, upper: null },
    });
    expect(group.fulfilment).toEqual({ agreed: null, directions: [], claimants: [] });
  });

  it('serves the open discrepancy of 3 between the two final-phase figures, and the 27 Russia leaves unaccounted', async () => {
    const answer = await get(ledger, '/discrepancies?open=true');
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([
      expect.objectContaining({
        discrepancyId: D.finalPhase,
        kind: 'figure',
        status: 'open',
        open: true,
        delta: 3,
        causedByClaimId: C.ruFinal1248,
        claimIds: [C.uaFinal1245, C.ruFinal1248],
        values: [
          expect.objectContaining({
            sourceId: S.uaHq,
            quantity: { value: 1245, precision: 'exact' },
          }),
          expect.objectContaining({
            sourceId: S.ruMod,
            quantity: { value: 1248, precision: 'exact' },
          }),
        ],
        openSince: {
          position: positions[8]?.toString(),
          recordedAt: await recordedAtOf(positions[8]),
        },
      }),
      expect.objectContaining({
        kind: 'totals',
        claimantSourceId: S.ruMod,
        detection: 'phases_short_of_total',
        delta: 27,
      }),
    ]);
    expect((await get(ledger, `/discrepancies/${D.finalPhase}`)).body.discrepancy.delta).toBe(3);
    expect((await get(ledger, `/discrepancies?claimId=${C.uaFinal1245}`)).body.items).toHaveLength(
      1,
    );
  });

  it('answers as of a position before the final phase without it, and in between with only what was recorded', async () => {
    const signed = positions[6] as bigint;
    const beforeFinal = await get(ledger, `/agreements/${agreement}/totals?asOfPosition=${signed}`);
    expect(beforeFinal.body).toEqual({
      asOfPosition: signed.toString(),
      agreementId: agreement,
      totals: [],
      exchanges: [],
      inferences: [],
    });
    expect((await get(ledger, `/discrepancies?asOfPosition=${signed}`)).body.items).toEqual([]);

    const afterUkraine = await get(
      ledger,
      `/agreements/${agreement}/totals?asOfPosition=${positions[7]}`,
    );
    expect(ruToUa(afterUkraine.body.totals).phases[0]?.figures.map((f) => f.claimId)).toEqual([
      C.uaFinal1245,
    ]);
    expect((await get(ledger, `/discrepancies?asOfPosition=${positions[7]}`)).body.items).toEqual(
      [],
    );
    expect((await get(ledger, `/agreements/${agreement}?asOfPosition=5`)).status).toBe(404);
  });

  it('maps a recording time to what the ledger held then', async () => {
    // Half a minute after Ukraine's 1,245 was recorded, before the next append.
    const ukraine = Date.parse((await recordedAtOf(positions[7])) ?? '');
    const halfwayThroughUkraine = new Date(ukraine + 30_000).toISOString();
    const byTime = await get(
      ledger,
      `/agreements/${agreement}/totals?asOf=${halfwayThroughUkraine}`,
    );
    const byPosition = await get(
      ledger,
      `/agreements/${agreement}/totals?asOfPosition=${positions[7]}`,
    );
    expect(byTime.body).toEqual(byPosition.body);
    expect((await get(ledger, `/sources?asOf=2025-06-01T00:00:00Z`)).body).toEqual({
      asOfPosition: '0',
      items: [],
      nextCursor: null,
    });
  });

  it('keeps statement time apart: claimedBefore leaves out what was said later', async () => {
    const answer = await get(
      ledger,
      `/agreements/${agreement}/totals?claimedBefore=2025-06-17T10:00:00Z`,
    );
    expect(ruToUa(answer.body.totals).phases[0]?.figures.map((f) => f.sourceId)).toEqual([S.uaHq]);
    const claims = await get(
      ledger,
      `/sources/${S.ruMod}/claims?claimedBefore=2025-06-17T10:00:00Z`,
    );
    expect(claims.body.items).toEqual([]);
    expect(claimIds((await get(ledger, `/sources/${S.ruMod}/claims`)).body.items)).toEqual([
      C.ruFinal1248,
      C.ruReceived51,
      C.ruReceivedTotal78,
      C.ruUnilateral,
    ]);
  });

  it("shows a claim's audit trail: who recorded it, how it was traced, and the dispute it caused", async () => {
    const answer = await get(ledger, `/claims/${C.ruFinal1248}/audit-trail`, 'auditor');
    expect(answer.status).toBe(200);
    const [reported, disputed, relayed] = answer.body.items;
    const disputeAt = positions[8] as bigint;
    expect(reported).toMatchObject({
      eventType: 'TransferReported',
      position: (disputeAt - 1n).toString(),
      correlationId: 'seed-e2e',
      commandName: expect.any(String),
      sourceId: S.ruMod,
      statedAt: '2025-06-17T10:15:00.000Z',
    });
    expect(reported.caused).toEqual([
      { event: 'FigureDisputed', position: disputeAt.toString(), disputeId: D.finalPhase },
    ]);
    expect(disputed).toMatchObject({
      eventType: 'FigureDisputed',
      causationId: reported.eventId,
      change: expect.objectContaining({ what: 'disputed', delta: 3 }),
    });
    expect(relayed).toMatchObject({
      eventType: 'ClaimCorroborated',
      sourceId: S.ewn,
      change: { what: 'corroborated', independence: 'relay' },
    });
    expect((await get(ledger, '/claims/claim-that-never-was/audit-trail', 'auditor')).status).toBe(
      404,
    );
    expect((await get(ledger, `/claims/${C.ruFinal1248}/audit-trail`, 'analyst')).status).toBe(403);
  });

  it("pages through listings with cursors that keep answering for the first page's position", async () => {
    const first = await get(ledger, '/sources?limit=4');
    expect(first.body.items).toHaveLength(4);
    expect(typeof first.body.nextCursor).toBe('string');
    const added = await post(ledger, '/sources', {
      sourceId: 'zz-late-source',
      name: 'A source registered between two pages',
      kind: 'media',
    });
    expect(added.status).toBe(201);
    const second = await get(
      ledger,
      `/sources?limit=4&cursor=${first.body.nextCursor}&minPosition=${added.body.position}`,
    );
    expect(second.body.asOfPosition).toBe(first.body.asOfPosition);
    expect(
      ([...first.body.items, ...second.body.items] as { sourceId: string }[]).map(
        (s) => s.sourceId,
      ),
    ).toEqual(Object.values(S).sort());
    expect(second.body.nextCursor).toBeNull();
    expect(
      (await get(ledger, `/sources/zz-late-source?minPosition=${added.body.position}`)).body.source
        .name,
    ).toContain('between two pages');
  });

  it('waits for minPosition, and refuses with 400 a position the ledger has not recorded', async () => {
    const current = BigInt((await get(ledger, '/health')).body.lastPosition as string);
    const waiting = get(ledger, `/offers?minPosition=${current + 1n}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const answered = await post(ledger, '/sources', {
      sourceId: 'icrc',
      name: 'ICRC',
      kind: 'neutral_intermediary',
    });
    const waited = await waiting;
    expect(waited.status).toBe(200);
    expect(BigInt(waited.body.asOfPosition)).toBeGreaterThanOrEqual(
      BigInt(answered.body.position as string),
    );

    // Still beyond the head after the wait: never recorded, a bad question (400), not a lag (503).
    const tooFar = await get(ledger, `/offers?minPosition=${current + 1000n}`);
    expect(tooFar.status).toBe(400);
    expect(tooFar.headers.get('content-type')).toContain('application/problem+json');
    expect(tooFar.body.errors[0].field).toBe('minPosition');
    expect(tooFar.body.errors[0].messages[0]).toContain(`position ${current + 1000n}`);
  });

  it('refuses bad parameters with problem+json naming the field', async () => {
    for (const query of [
      'asOfPosition=abc',
      'asOf=yesterday',
      'asOf=2025-06-18T08:00:00',
      'limit=500',
      'limit=0',
      'cursor=!!',
      'colour=blue',
      'open=maybe',
    ]) {
      const answer = await get(ledger, `/discrepancies?${query}`);
      expect({ query, status: answer.status, code: answer.body.code }).toEqual({
        query,
        status: 400,
        code: 'validation_failed',
      });
    }
    const both = await get(ledger, '/sources?asOfPosition=3&asOf=2025-06-18T08:00:00Z');
    expect(both.body.errors).toEqual([
      { field: 'asOf', messages: ['give asOfPosition or asOf, not both'] },
    ]);
    const forged = Buffer.from('["1","x","y"]').toString('base64url');
    expect((await get(ledger, `/sources?cursor=${forged}`)).body.errors[0].field).toBe('cursor');
    // Well-formed, but its sort key is no position: once a 500 from SQLite on every listing.
    const notAPosition = Buffer.from('["1","abc"]').toString('base64url');
    for (const listing of ['/claims', '/offers', '/discrepancies', `/sources/${S.uaHq}/claims`]) {
      const answer = await get(ledger, `${listing}?cursor=${notAPosition}`);
      expect({ listing, status: answer.status, field: answer.body.errors?.[0]?.field }).toEqual({
        listing,
        status: 400,
        field: 'cursor',
      });
    }
    for (const query of ['limit=1e1', 'limit=0x10', 'limit=', 'asOfPosition=9223372036854775808']) {
      const answer = await get(ledger, `/claims?${query}`);
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
    }
  });

  it('documents the queries with OpenAPI at /docs-json and Swagger UI at /docs', async () => {
    const doc = await get(ledger, '/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/agreements/{agreementId}/totals',
        '/discrepancies',
        '/claims/{claimId}/audit-trail',
        '/sources/{sourceId}/claims',
        '/offers',
      ]),
    );
    const totals = doc.body.paths['/agreements/{agreementId}/totals'].get;
    expect((totals.parameters as { name: string }[]).map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'agreementId',
        'asOfPosition',
        'asOf',
        'minPosition',
        'claimedBefore',
        'occurredBefore',
      ]),
    );
    const ui = await fetch(`${ledger.url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
