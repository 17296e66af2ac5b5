import { type AgreementTerm, type Quantity } from '@ledger/domain';
import { newClaim } from '../projection/claims-projection';
import { type ClaimRow } from '../read-model/tables';
import { computeTotals } from './totals';

const PARTIES = [
  { id: 'north', name: 'North' },
  { id: 'south', name: 'South' },
];
const TERM: AgreementTerm = {
  termId: 'pows',
  kind: 'prisoner_exchange',
  description: 'Prisoners released for prisoners',
  reciprocity: 'mutual',
  agreedRatio: { party: 'north', releases: 3, counterparty: 'south', receives: 1 },
};

let position = 0n;
function row(
  [claimId, sourceId]: [string, string],
  [from, to]: [string, string],
  scope: 'phase' | 'cumulative' | 'exchange',
  quantity: Quantity,
  statedAt = '2026-03-01T10:00:00.000Z',
): ClaimRow {
  position += 1n;
  const basics = {
    claim_id: claimId,
    agreement_id: 'deal',
    kind: 'transfer' as const,
    source_id: sourceId,
    stated_at: statedAt,
    stated_precision: null,
    stated_latest: statedAt,
    recorded_position: position,
    recorded_at: statedAt,
  };
  return newClaim(basics, {
    term_id: 'pows',
    dir_from: from,
    dir_to: to,
    measure: 'prisoners',
    scope_kind: scope,
    phase: scope === 'phase' ? 'first' : null,
    quantity_key: `deal/pows/${from}->${to}/prisoners/${scope}`,
    quantity: quantity as never,
  });
}

const exact = (value: number): Quantity => ({ value, precision: 'exact' });
const about = (value: number): Quantity => ({ value, precision: 'about' });
const totals = (claims: ClaimRow[], filter = {}) =>
  computeTotals(
    claims,
    { terms: [TERM], parties: PARTIES },
    { reconciliations: [], disputes: [] },
    filter,
  );

describe('whole exchanges in the totals', () => {
  it('keeps a whole-exchange figure out of every direction, and checks it against their sum', () => {
    const { groups, exchanges } = totals([
      row(['n-out', 'north-mod'], ['north', 'south'], 'cumulative', exact(300)),
      row(['s-out', 'south-mod'], ['south', 'north'], 'cumulative', exact(100)),
      row(['wire-all', 'wire'], ['south', 'north'], 'exchange', about(400)),
      row(['blog-all', 'blog'], ['north', 'south'], 'exchange', exact(1000)),
    ]);
    expect(groups.map((g) => [g.direction.from, g.claimants.map((c) => c.sourceId)])).toEqual([
      ['north', ['north-mod']],
      ['south', ['south-mod']],
    ]);
    expect(exchanges).toHaveLength(1);
    const [exchange] = exchanges;
    expect(exchange?.parties).toEqual(['north', 'south']);
    expect(exchange?.directions).toEqual([
      { from: 'north', to: 'south', range: { lower: 300, upper: 300 }, claimIds: ['n-out'] },
      { from: 'south', to: 'north', range: { lower: 100, upper: 100 }, claimIds: ['s-out'] },
    ]);
    expect(exchange?.perDirectionSum).toEqual({ lower: 400, upper: 400 });
    expect(exchange?.figures.map((f) => [f.claimId, f.verdict, f.gap])).toEqual([
      ['wire-all', 'consistent', 0],
      ['blog-all', 'inconsistent', 600],
    ]);
  });

  it('leaves the sum open above while a direction has no figure, and says unknown with none', () => {
    const oneWay = totals([
      row(['n-out', 'north-mod'], ['north', 'south'], 'phase', exact(300)),
      row(['low', 'wire'], ['north', 'south'], 'exchange', exact(250)),
      row(['high', 'blog'], ['north', 'south'], 'exchange', exact(9000)),
    ]).exchanges[0];
    expect(oneWay?.perDirectionSum).toEqual({ lower: 300, upper: null });
    expect(oneWay?.figures.map((f) => [f.verdict, f.gap])).toEqual([
      ['inconsistent', 50],
      ['consistent', 0],
    ]);
    const alone = totals([row(['all', 'wire'], ['north', 'south'], 'exchange', exact(250))])
      .exchanges[0];
    expect(alone?.perDirectionSum).toBeNull();
    expect(alone?.figures[0]?.verdict).toBe('unknown');
    expect(alone?.ratio?.claimants).toEqual([]);
  });

  it('judges the agreed ratio from the same filtered claims', () => {
    const claims = [
      row(['n-out', 'north-mod'], ['north', 'south'], 'cumulative', exact(300)),
      row(['n-in', 'north-mod'], ['south', 'north'], 'cumulative', exact(100)),
      row(
        ['n-out-2', 'north-mod'],
        ['north', 'south'],
        'cumulative',
        exact(330),
        '2026-03-05T00:00:00.000Z',
      ),
    ];
    claims[0] = {
      ...claims[0]!,
      status: 'superseded',
      superseded_by: 'n-out-2',
      ended_stated_at: '2026-03-05T00:00:00.000Z',
      ended_stated_latest: '2026-03-05T00:00:00.000Z',
    };
    const head = totals(claims).exchanges[0]?.ratio;
    expect(head?.claimants[0]?.statedTotal).toMatchObject({ verdict: 'off', by: 30 });
    const before = totals(claims, { claimedBefore: '2026-03-02T00:00:00.000Z' }).exchanges[0]
      ?.ratio;
    expect(before?.claimants[0]?.statedTotal).toMatchObject({
      verdict: 'within',
      released: { claimIds: ['n-out'] },
    });
  });
});
