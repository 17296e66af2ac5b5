import type { TotalsGroup } from '@ledger/projections';
import { get, post, type QueryLedger, startQueryLedger } from '../projections/support/query-ledger';
import { registerMinistries, signExchange } from './support/answers-setup';

/**
 * Issue 19, defects 3 and 4, entered through the HTTP API: an exchange agreed "up to 100 each
 * side", deliveries that exceed it, fall within it or cannot be judged, and time filters whose
 * every part (figures, sums, reconciliation, fulfilment) comes from the same filtered claims.
 */
const AGREEMENT = 'answers-exchange';

describe('fulfilment against the agreement and coherent time filters', () => {
  let ledger: QueryLedger;
  let head = '0';

  const must = async (path: string, body: unknown): Promise<void> => {
    const answer = await post(ledger, path, body);
    if (answer.status !== 201)
      throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    head = answer.body.position as string;
  };
  interface Transfer {
    readonly claimId: string;
    readonly sourceId: string;
    readonly from: 'alpha' | 'beta';
    readonly value: number;
    readonly scope: unknown;
    readonly statedAt: string;
    readonly occurredAt?: unknown;
  }
  const transfer = ({ from, value, ...rest }: Transfer) =>
    must(`/agreements/${AGREEMENT}/transfers`, {
      ...rest,
      termId: 'exchange',
      direction: { from, to: from === 'alpha' ? 'beta' : 'alpha' },
      measure: 'prisoners',
      quantity: { value, precision: 'exact' },
    });
  const totals = async (query = ''): Promise<TotalsGroup[]> => {
    const answer = await get(ledger, `/agreements/${AGREEMENT}/totals?minPosition=${head}${query}`);
    expect(answer.status).toBe(200);
    return answer.body.totals as TotalsGroup[];
  };
  const from = (groups: TotalsGroup[], party: string): TotalsGroup => {
    const group = groups.find((g) => g.direction.from === party);
    if (group === undefined) throw new Error(`no totals from ${party}`);
    return group;
  };

  beforeAll(async () => {
    ledger = await startQueryLedger({ sqlite: true });
    await registerMinistries(must);
    await signExchange(must, AGREEMENT, 'An exchange of up to 100 prisoners each side', {
      description: 'Up to 100 prisoners released by each side',
      agreedQuantity: { value: 100, precision: 'up_to', basis: 'per_party' },
    });
    const day = (d: number) => ({ from: `2025-07-0${d}`, to: `2025-07-0${d}` });
    // Alpha's ministry: two handovers of 60 and 50 (110, over the agreed 100), a total of 90.
    await transfer({
      claimId: 'a-p1',
      sourceId: 'alpha-ministry',
      from: 'alpha',
      value: 60,
      scope: { kind: 'phase', phase: 'first' },
      statedAt: '2025-07-02T12:00:00Z',
      occurredAt: day(2),
    });
    await transfer({
      claimId: 'a-p2',
      sourceId: 'alpha-ministry',
      from: 'alpha',
      value: 50,
      scope: { kind: 'phase', phase: 'second' },
      statedAt: '2025-07-05T12:00:00Z',
      occurredAt: { from: '2025-07-04', to: '2025-07-05' },
    });
    await transfer({
      claimId: 'a-total',
      sourceId: 'alpha-ministry',
      from: 'alpha',
      value: 90,
      scope: { kind: 'cumulative', period: 'so far' },
      statedAt: '2025-07-05T13:00:00Z',
    });
    // Beta's ministry, the other direction: 40 and a total of 70 (short by 30), then a second
    // handover of 30 that makes them add up.
    await transfer({
      claimId: 'b-p1',
      sourceId: 'beta-ministry',
      from: 'beta',
      value: 40,
      scope: { kind: 'phase', phase: 'first' },
      statedAt: '2025-07-02T12:00:00Z',
      occurredAt: day(2),
    });
    await transfer({
      claimId: 'b-total',
      sourceId: 'beta-ministry',
      from: 'beta',
      value: 70,
      scope: { kind: 'cumulative', period: 'so far' },
      statedAt: '2025-07-02T13:00:00Z',
    });
    await transfer({
      claimId: 'b-p2',
      sourceId: 'beta-ministry',
      from: 'beta',
      value: 30,
      scope: { kind: 'phase', phase: 'second' },
      statedAt: '2025-07-06T12:00:00Z',
      occurredAt: day(6),
    });
  });
  afterAll(() => ledger.close());

  it("shows each claimant's phase sum and stated total against an 'up to' with its verdict and claims", async () => {
    const alpha = from(await totals(), 'alpha');
    expect(alpha.fulfilment).toEqual({
      agreed: { value: 100, precision: 'up_to', basis: 'per_party' },
      directions: [{ from: 'alpha', to: 'beta' }],
      claimants: [
        {
          sourceId: 'alpha-ministry',
          phaseSum: {
            delivered: { lower: 110, upper: 110 },
            claimIds: ['a-p1', 'a-p2'],
            verdict: 'exceeds',
            by: 10,
          },
          statedTotal: {
            delivered: { lower: 90, upper: 90 },
            claimIds: ['a-total'],
            verdict: 'within',
            by: 0,
          },
        },
      ],
    });
    expect(alpha).not.toHaveProperty('againstAgreed');
  });

  it('computes the reconciliation under claimedBefore from the same filtered claims, not today', async () => {
    const now = from(await totals(), 'beta').claimants[0];
    expect(now?.reconciliation).toMatchObject({ outcome: 'reconciled', gap: 0 });
    expect(now?.reconciliation?.since).not.toBeNull();

    const then = from(await totals('&claimedBefore=2025-07-03T00:00:00Z'), 'beta').claimants[0];
    expect(then?.phaseSum).toEqual({ lower: 40, upper: 40 });
    expect(then?.statedTotal?.claimId).toBe('b-total');
    expect(then?.reconciliation).toEqual({
      outcome: 'discrepancy',
      kind: 'phases_short_of_total',
      gap: 30,
      since: null,
    });
    expect(
      from(await totals('&claimedBefore=2025-07-03T00:00:00Z'), 'alpha').fulfilment.claimants,
    ).toEqual([
      {
        sourceId: 'alpha-ministry',
        phaseSum: {
          delivered: { lower: 60, upper: 60 },
          claimIds: ['a-p1'],
          verdict: 'within',
          by: 0,
        },
        statedTotal: null,
      },
    ]);
  });

  it('leaves out, under occurredBefore, a period still running at the cut-off', async () => {
    // a-p2 covers 4 and 5 July: on 5 July at 00:00 it had not ended.
    const cut = '&occurredBefore=2025-07-05T00:00:00Z';
    const alpha = from(await totals(cut), 'alpha');
    expect(alpha.claimants[0]?.phases.map((p) => p.claimId)).toEqual(['a-p1']);
    expect(alpha.claimants[0]?.phaseSum).toEqual({ lower: 60, upper: 60 });
    const listed = await get(ledger, `/claims?agreementId=${AGREEMENT}${cut}`);
    expect((listed.body.items as { claimId: string }[]).map((c) => c.claimId)).toEqual([
      'a-p1',
      'b-p1',
    ]);
    const after = from(await totals('&occurredBefore=2025-07-06T00:00:00Z'), 'alpha');
    expect(after.claimants[0]?.phases.map((p) => p.claimId)).toEqual(['a-p1', 'a-p2']);
  });
});
