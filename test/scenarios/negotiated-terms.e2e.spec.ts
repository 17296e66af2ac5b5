import {
  disputesOf,
  fulfilmentSummary,
  groupOf,
  SCENARIO_STORES,
  type Scenario,
  startScenario,
} from './support/scenario-ledger';

/**
 * Scenario D: terms as negotiators write them. "Up to 100 prisoners released by North, at least 60
 * by South" (a bound per party), "North releases 3 civilians for each one South releases" (a
 * ratio), and sources reporting the whole exchange ("about 150 exchanged in all"). Every expected
 * answer is derived by hand from docs/DOMAIN-RULES.md ("Agreed terms", "Whole exchanges").
 */
const AG = 'north-south-swap';
const PARTIES = [
  { id: 'north', name: 'North' },
  { id: 'south', name: 'South' },
];
const POWS_TERM = {
  termId: 'pows',
  kind: 'prisoner_exchange',
  description: 'Up to 100 prisoners released by North, at least 60 by South',
  reciprocity: 'mutual',
  agreedPerParty: [
    { value: 100, precision: 'up_to', party: 'north' },
    { value: 60, precision: 'at_least', party: 'south' },
  ],
};
const CIVILIANS_TERM = {
  termId: 'civilians',
  kind: 'other',
  description: 'North releases 3 civilians for each one South releases',
  reciprocity: 'mutual',
  agreedRatio: { party: 'north', releases: 3, counterparty: 'south', receives: 1 },
};
const agreement = (terms: unknown[], agreementId = AG) => ({
  agreementId,
  title: 'Exchange of prisoners and civilians',
  venue: 'Geneva',
  signedOn: '2026-04-01',
  parties: PARTIES,
  mediators: [],
  terms,
});

describe.each(SCENARIO_STORES)(
  'scenario D: bounds per party, an agreed ratio and whole-exchange figures (%s)',
  (store) => {
    let s: Scenario;
    const exact = (value: number) => ({ value, precision: 'exact' });
    const total = { kind: 'cumulative', period: 'since the agreement' };
    const report = (
      claimId: string,
      sourceId: string,
      [termId, from, to]: [string, string, string],
      quantity: unknown,
      rest: { scope: unknown; statedAt: string },
    ) =>
      s.accept(`/agreements/${AG}/transfers`, {
        claimId,
        sourceId,
        termId,
        direction: { from, to },
        measure: termId === 'pows' ? 'prisoners' : 'people',
        quantity,
        ...rest,
      });
    const exchanges = async (query = '') =>
      (await s.query(`/agreements/${AG}/totals`, query)).body.exchanges as Record<
        string,
        unknown
      >[];

    beforeAll(async () => {
      s = await startScenario(store);
      for (const [sourceId, kind, affiliation] of [
        ['north-gov', 'party_authority', 'north'],
        ['south-gov', 'party_authority', 'south'],
        ['icrc', 'neutral_intermediary', undefined],
        ['wire', 'news_agency', undefined],
      ] as const)
        await s.accept('/sources', {
          sourceId,
          name: `${sourceId} desk`,
          kind,
          ...(affiliation ? { affiliation } : {}),
        });
      await s.accept('/agreements', agreement([POWS_TERM, CIVILIANS_TERM]));
      const pows = (from: string, to: string): [string, string, string] => ['pows', from, to];
      // Prisoners, North to South: North says 120 released, the ICRC "about 95" (90..100).
      await report('n-pow-total', 'north-gov', pows('north', 'south'), exact(120), {
        scope: total,
        statedAt: '2026-04-03T10:00:00Z',
      });
      await report(
        'i-pow-ns',
        'icrc',
        pows('north', 'south'),
        { value: 95, precision: 'about' },
        {
          scope: total,
          statedAt: '2026-04-03T11:00:00Z',
        },
      );
      // South to North: South says 50, the ICRC "at least 60".
      await report('s-pow-total', 'south-gov', pows('south', 'north'), exact(50), {
        scope: total,
        statedAt: '2026-04-03T12:00:00Z',
      });
      await report(
        'i-pow-sn',
        'icrc',
        pows('south', 'north'),
        { value: 60, precision: 'at_least' },
        {
          scope: total,
          statedAt: '2026-04-03T13:00:00Z',
        },
      );
      // The whole exchange: the wire "about 150 in all" (142..158), South "100 in all"; each names
      // the two parties in its own order.
      await report(
        'w-pow-all',
        'wire',
        pows('south', 'north'),
        { value: 150, precision: 'about' },
        {
          scope: { kind: 'exchange' },
          statedAt: '2026-04-04T10:00:00Z',
        },
      );
      await report('s-pow-all', 'south-gov', pows('north', 'south'), exact(100), {
        scope: { kind: 'exchange' },
        statedAt: '2026-04-04T11:00:00Z',
      });
      // Civilians, 3 for 1: both governments say North released 30; South says it released 12,
      // North (later) says 10.
      const civ = (from: string, to: string): [string, string, string] => ['civilians', from, to];
      await report('n-civ-out', 'north-gov', civ('north', 'south'), exact(30), {
        scope: total,
        statedAt: '2026-04-05T10:00:00Z',
      });
      await report('s-civ-out', 'south-gov', civ('north', 'south'), exact(30), {
        scope: total,
        statedAt: '2026-04-05T11:00:00Z',
      });
      await report('s-civ-in', 'south-gov', civ('south', 'north'), exact(12), {
        scope: total,
        statedAt: '2026-04-05T12:00:00Z',
      });
      await report('n-civ-in', 'north-gov', civ('south', 'north'), exact(10), {
        scope: total,
        statedAt: '2026-04-06T10:00:00Z',
      });
    });
    afterAll(() => s.close());

    it('refuses ambiguous terms and malformed ratios, writing nothing', async () => {
      const north = { value: 100, precision: 'up_to', party: 'north' };
      const refuse = (terms: unknown[], status: number, code: string) =>
        s.refuse('/agreements', agreement(terms, 'refused-deal'), status, code);
      await refuse(
        [{ ...POWS_TERM, agreedPerParty: [north, { ...north, value: 80 }] }],
        422,
        'ambiguous_term',
      );
      await refuse(
        [
          {
            ...POWS_TERM,
            agreedQuantity: { value: 160, precision: 'exact', basis: 'total' },
          },
        ],
        422,
        'ambiguous_term',
      );
      await refuse(
        [{ ...POWS_TERM, agreedPerParty: [{ ...north, party: 'east' }] }],
        422,
        'party_not_in_agreement',
      );
      await refuse(
        [
          {
            ...CIVILIANS_TERM,
            agreedRatio: { ...CIVILIANS_TERM.agreedRatio, counterparty: 'north' },
          },
        ],
        422,
        'ambiguous_term',
      );
      await refuse(
        [{ ...CIVILIANS_TERM, agreedRatio: { ...CIVILIANS_TERM.agreedRatio, releases: 0 } }],
        400,
        'invalid_terms',
      );
      await s.refuse(
        `/agreements/${AG}/transfers`,
        {
          claimId: 'bad-scope',
          sourceId: 'wire',
          termId: 'pows',
          direction: { from: 'north', to: 'south' },
          measure: 'prisoners',
          quantity: exact(1),
          scope: { kind: 'exchange', period: 'past week' },
          statedAt: '2026-04-04T12:00:00Z',
        },
        400,
        'validation_failed',
      );
    });

    it('keeps the terms as signed', async () => {
      const detail = (await s.query(`/agreements/${AG}`)).body.agreement;
      expect(detail.terms).toEqual([POWS_TERM, CIVILIANS_TERM]);
    });

    it("judges each direction by the releasing party's own bound", async () => {
      const groups = await s.totals(AG);
      expect(fulfilmentSummary(groupOf(groups, 'pows', 'north'))).toEqual({
        agreed: { value: 100, precision: 'up_to', party: 'north', basis: 'per_party' },
        directions: [{ from: 'north', to: 'south' }],
        claimants: [
          {
            sourceId: 'icrc',
            phaseSum: null,
            statedTotal: {
              delivered: { lower: 90, upper: 100 },
              claimIds: ['i-pow-ns'],
              verdict: 'within',
              by: 0,
            },
          },
          {
            sourceId: 'north-gov',
            phaseSum: null,
            statedTotal: {
              delivered: { lower: 120, upper: 120 },
              claimIds: ['n-pow-total'],
              verdict: 'exceeds',
              by: 20,
            },
          },
        ],
      });
      expect(fulfilmentSummary(groupOf(groups, 'pows', 'south'))).toEqual({
        agreed: { value: 60, precision: 'at_least', party: 'south', basis: 'per_party' },
        directions: [{ from: 'south', to: 'north' }],
        claimants: [
          {
            sourceId: 'icrc',
            phaseSum: null,
            statedTotal: {
              delivered: { lower: 60, upper: null },
              claimIds: ['i-pow-sn'],
              verdict: 'within',
              by: 0,
            },
          },
          {
            sourceId: 'south-gov',
            phaseSum: null,
            statedTotal: {
              delivered: { lower: 50, upper: 50 },
              claimIds: ['s-pow-total'],
              verdict: 'short',
              by: 10,
            },
          },
        ],
      });
      // The whole-exchange figures, and their dispute, are in no direction's group.
      expect(
        groups.map((g) => [g.termId, g.direction.from, g.openDisputes?.map((d) => d.disputeId)]),
      ).toEqual([
        ['pows', 'north', ['dispute-i-pow-ns']],
        ['pows', 'south', ['dispute-i-pow-sn']],
        ['civilians', 'north', []],
        ['civilians', 'south', ['dispute-n-civ-in']],
      ]);
      const claimIds = groups.flatMap((g) => g.claimants.flatMap((c) => c.statedTotal?.claimId));
      expect(claimIds).not.toContain('w-pow-all');
      expect(claimIds).not.toContain('s-pow-all');
    });

    it('checks the whole-exchange figures against the sum of the directions', async () => {
      const [pows] = await exchanges();
      expect(pows).toEqual({
        termId: 'pows',
        measure: 'prisoners',
        parties: ['north', 'south'],
        figures: [
          {
            claimId: 'w-pow-all',
            sourceId: 'wire',
            quantity: { value: 150, precision: 'about' },
            statedAt: '2026-04-04T10:00:00.000Z',
            verdict: 'consistent',
            gap: 0,
          },
          {
            claimId: 's-pow-all',
            sourceId: 'south-gov',
            quantity: { value: 100, precision: 'exact' },
            statedAt: '2026-04-04T11:00:00.000Z',
            verdict: 'inconsistent',
            gap: 40,
          },
        ],
        directions: [
          {
            from: 'north',
            to: 'south',
            range: { lower: 90, upper: 120 },
            claimIds: ['n-pow-total', 'i-pow-ns'],
          },
          {
            from: 'south',
            to: 'north',
            range: { lower: 50, upper: null },
            claimIds: ['s-pow-total', 'i-pow-sn'],
          },
        ],
        perDirectionSum: { lower: 140, upper: null },
        ratio: null,
        openDisputes: [
          {
            disputeId: 'dispute-s-pow-all',
            quantityKey: `${AG}/pows/north<->south/prisoners/exchange`,
            delta: 42,
            claimIds: ['w-pow-all', 's-pow-all'],
            linkedDisputeIds: [],
          },
        ],
      });
    });

    it('disputes whole-exchange figures only with each other, on their own key', async () => {
      expect(await disputesOf(s, AG)).toEqual([
        {
          id: 'dispute-i-pow-ns',
          kind: 'figure',
          open: true,
          claimIds: ['i-pow-ns', 'n-pow-total'],
          delta: 20,
        },
        {
          id: 'dispute-i-pow-sn',
          kind: 'figure',
          open: true,
          claimIds: ['i-pow-sn', 's-pow-total'],
          delta: 10,
        },
        {
          id: 'dispute-s-pow-all',
          kind: 'figure',
          open: true,
          claimIds: ['s-pow-all', 'w-pow-all'],
          delta: 42,
        },
        {
          id: 'dispute-n-civ-in',
          kind: 'figure',
          open: true,
          claimIds: ['n-civ-in', 's-civ-in'],
          delta: 2,
        },
      ]);
      const claim = (await s.query('/claims/w-pow-all')).body.claim;
      expect(claim).toMatchObject({
        direction: { from: 'south', to: 'north' },
        scope: { kind: 'exchange' },
        quantityKey: `${AG}/pows/north<->south/prisoners/exchange`,
      });
      const trail = (await s.query('/claims/w-pow-all/audit-trail', '', 'auditor')).body.items as {
        eventType: string;
      }[];
      expect(trail.map((e) => e.eventType)).toEqual(['TransferReported', 'FigureDisputed']);
    });

    it('judges the ratio per claimant, and across claimants where they agree', async () => {
      const civilians = (await exchanges()).find((e) => e.termId === 'civilians');
      expect(civilians).toMatchObject({
        measure: 'people',
        parties: ['north', 'south'],
        figures: [],
        perDirectionSum: { lower: 40, upper: 42 },
      });
      expect(civilians?.ratio).toEqual({
        agreed: CIVILIANS_TERM.agreedRatio,
        claimants: [
          {
            sourceId: 'north-gov',
            phaseSum: { released: null, received: null, verdict: 'unknown', by: 0 },
            statedTotal: {
              released: { delivered: { lower: 30, upper: 30 }, claimIds: ['n-civ-out'] },
              received: { delivered: { lower: 10, upper: 10 }, claimIds: ['n-civ-in'] },
              verdict: 'within',
              by: 0,
            },
          },
          {
            sourceId: 'south-gov',
            phaseSum: { released: null, received: null, verdict: 'unknown', by: 0 },
            statedTotal: {
              released: { delivered: { lower: 30, upper: 30 }, claimIds: ['s-civ-out'] },
              received: { delivered: { lower: 12, upper: 12 }, claimIds: ['s-civ-in'] },
              verdict: 'off',
              by: 6,
            },
          },
        ],
        // They agree North released 30, not on what South released (10 or 12): no verdict across.
        acrossClaimants: {
          phaseSum: { released: null, received: null, verdict: 'unknown', by: 0 },
          statedTotal: null,
        },
      });
    });

    it('computes the exchanges from the same filtered claims as the rest of the totals', async () => {
      const before = (await exchanges('&claimedBefore=2026-04-06T00:00:00Z')).find(
        (e) => e.termId === 'civilians',
      ) as { ratio: { claimants: { statedTotal: unknown }[]; acrossClaimants: unknown } };
      expect(before.ratio.claimants.map((c) => c.statedTotal)).toEqual([
        {
          released: { delivered: { lower: 30, upper: 30 }, claimIds: ['n-civ-out'] },
          received: null,
          verdict: 'unknown',
          by: 0,
        },
        {
          released: { delivered: { lower: 30, upper: 30 }, claimIds: ['s-civ-out'] },
          received: { delivered: { lower: 12, upper: 12 }, claimIds: ['s-civ-in'] },
          verdict: 'off',
          by: 6,
        },
      ]);
      expect(before.ratio.acrossClaimants).toMatchObject({
        statedTotal: {
          released: { delivered: { lower: 30, upper: 30 }, claimIds: ['n-civ-out', 's-civ-out'] },
          received: { delivered: { lower: 12, upper: 12 }, claimIds: ['s-civ-in'] },
          verdict: 'off',
          by: 6,
        },
      });
      // Before South's whole-exchange figure was recorded, the wire's stands alone.
      const [pows] = await exchanges('&claimedBefore=2026-04-04T10:30:00Z');
      expect((pows as { figures: { claimId: string }[] }).figures.map((f) => f.claimId)).toEqual([
        'w-pow-all',
      ]);
    });
  },
);
