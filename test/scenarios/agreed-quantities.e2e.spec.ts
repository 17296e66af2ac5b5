import {
  claimantSummary,
  disputesOf,
  fulfilmentSummary,
  groupOf,
  phaseSummary,
  SCENARIO_STORES,
  type Scenario,
  startScenario,
} from './support/scenario-ledger';

/**
 * Scenario B: an agreement with agreed quantities ("up to 50 released by each side", "120 bodies
 * in total", "at least 10 wounded released by South"). One claimant's deliveries exceed their
 * bound, others fall short or cannot be judged; a revision turns a shortfall into a fulfilment.
 * Every expected answer is derived by hand from docs/DOMAIN-RULES.md ("Fulfilment", "Verdict").
 */
const AG = 'north-south-release';

describe.each(SCENARIO_STORES)(
  'scenario B: deliveries against agreed quantities, with fulfilment verdicts (%s)',
  (store) => {
    let s: Scenario;
    let beforeRevision = '0';

    interface Report {
      readonly termId: 'release' | 'remains' | 'wounded';
      readonly from: 'north' | 'south';
      readonly quantity: Record<string, unknown>;
      readonly scope: unknown;
      readonly statedAt: string;
      readonly disputeId?: string;
    }
    const report = (claimId: string, sourceId: string, { from, termId, ...rest }: Report) =>
      s.accept(`/agreements/${AG}/transfers`, {
        claimId,
        sourceId,
        termId,
        direction: { from, to: from === 'north' ? 'south' : 'north' },
        measure: termId === 'remains' ? 'bodies' : 'people',
        ...rest,
      });
    const exact = (value: number) => ({ value, precision: 'exact' });
    const phase1 = { kind: 'phase', phase: 'first convoy' };
    const phase2 = { kind: 'phase', phase: 'second convoy' };
    const total = { kind: 'cumulative', period: 'since the agreement' };

    beforeAll(async () => {
      s = await startScenario(store);
      for (const [sourceId, affiliation] of [
        ['north-gov', 'north'],
        ['south-gov', 'south'],
      ] as const)
        await s.accept('/sources', {
          sourceId,
          name: `${affiliation} government`,
          kind: 'party_authority',
          affiliation,
        });
      await s.accept('/sources', {
        sourceId: 'icrc',
        name: 'International Committee of the Red Cross',
        kind: 'neutral_intermediary',
      });
      await s.accept('/agreements', {
        agreementId: AG,
        title: 'Release of detainees and return of the dead',
        venue: 'Geneva',
        signedOn: '2026-04-01',
        parties: [
          { id: 'north', name: 'North' },
          { id: 'south', name: 'South' },
        ],
        mediators: [],
        terms: [
          {
            termId: 'release',
            kind: 'prisoner_exchange',
            description: 'Up to 50 detainees released by each side',
            reciprocity: 'mutual',
            agreedQuantity: { value: 50, precision: 'up_to', basis: 'per_party' },
          },
          {
            termId: 'remains',
            kind: 'repatriation_of_remains',
            description: '120 bodies returned in total',
            reciprocity: 'mutual',
            agreedQuantity: { value: 120, precision: 'exact', basis: 'total' },
          },
          {
            termId: 'wounded',
            kind: 'other',
            description: 'At least 10 wounded released by South',
            reciprocity: 'unilateral',
            agreedQuantity: {
              value: 10,
              precision: 'at_least',
              basis: 'per_party',
              party: 'south',
            },
          },
        ],
      });
      // Release, North to South: North says 30 and "about 30" (28..32) and a total of 60; the
      // ICRC counted 30 and 31.
      await report('n-rel-1', 'north-gov', {
        termId: 'release',
        from: 'north',
        quantity: exact(30),
        scope: phase1,
        statedAt: '2026-04-03T10:00:00Z',
      });
      await report('i-rel-1', 'icrc', {
        termId: 'release',
        from: 'north',
        quantity: exact(30),
        scope: phase1,
        statedAt: '2026-04-03T11:00:00Z',
      });
      await report('n-rel-2', 'north-gov', {
        termId: 'release',
        from: 'north',
        quantity: { value: 30, precision: 'about' },
        scope: phase2,
        statedAt: '2026-04-06T10:00:00Z',
      });
      await report('i-rel-2', 'icrc', {
        termId: 'release',
        from: 'north',
        quantity: exact(31),
        scope: phase2,
        statedAt: '2026-04-06T11:00:00Z',
      });
      await report('n-rel-total', 'north-gov', {
        termId: 'release',
        from: 'north',
        quantity: exact(60),
        scope: total,
        statedAt: '2026-04-06T12:00:00Z',
      });
      // Release, South to North: 20, and a running total of "up to 45".
      await report('s-rel-1', 'south-gov', {
        termId: 'release',
        from: 'south',
        quantity: exact(20),
        scope: phase1,
        statedAt: '2026-04-03T10:00:00Z',
      });
      await report('s-rel-total', 'south-gov', {
        termId: 'release',
        from: 'south',
        quantity: { value: 45, precision: 'up_to' },
        scope: total,
        statedAt: '2026-04-06T10:00:00Z',
      });
      // Remains, 120 in total: North reports both directions (40 + 50 = 90); South only its own
      // (50, the other direction left open); the ICRC's running totals 70 + 60 = 130.
      await report('n-rem-ns', 'north-gov', {
        termId: 'remains',
        from: 'north',
        quantity: exact(40),
        scope: phase1,
        statedAt: '2026-04-04T10:00:00Z',
      });
      await report('n-rem-sn', 'north-gov', {
        termId: 'remains',
        from: 'south',
        quantity: exact(50),
        scope: phase1,
        statedAt: '2026-04-04T10:00:00Z',
      });
      await report('s-rem-sn', 'south-gov', {
        termId: 'remains',
        from: 'south',
        quantity: exact(50),
        scope: phase1,
        statedAt: '2026-04-04T11:00:00Z',
      });
      await report('i-rem-ns', 'icrc', {
        termId: 'remains',
        from: 'north',
        quantity: exact(70),
        scope: total,
        statedAt: '2026-04-07T10:00:00Z',
      });
      await report('i-rem-sn', 'icrc', {
        termId: 'remains',
        from: 'south',
        quantity: exact(60),
        scope: total,
        statedAt: '2026-04-07T10:00:00Z',
      });
      // Wounded, at least 10 from South: South says 6, the ICRC "at least 8"; North reports 12
      // of its own, for which nothing was agreed.
      await report('s-wnd-1', 'south-gov', {
        termId: 'wounded',
        from: 'south',
        quantity: exact(6),
        scope: phase1,
        statedAt: '2026-04-05T10:00:00Z',
      });
      await report('i-wnd-1', 'icrc', {
        termId: 'wounded',
        from: 'south',
        quantity: { value: 8, precision: 'at_least' },
        scope: phase1,
        statedAt: '2026-04-05T11:00:00Z',
        disputeId: 'b-wounded',
      });
      await report('n-wnd-1', 'north-gov', {
        termId: 'wounded',
        from: 'north',
        quantity: exact(12),
        scope: phase1,
        statedAt: '2026-04-05T10:00:00Z',
      });
      beforeRevision = s.head();
      // 8 April: South revises its wounded figure to 11 (a late count).
      await s.accept(`/agreements/${AG}/claims/s-wnd-1/revisions`, {
        newClaimId: 's-wnd-1-r',
        quantity: exact(11),
        reason: 'the second bus was counted late',
        statedAt: '2026-04-08T09:00:00Z',
      });
    });
    afterAll(() => s.close());

    it("'up to 50 each side': North's deliveries exceed it, South's are within", async () => {
      const groups = await s.totals(AG);
      const north = groupOf(groups, 'release', 'north');
      expect(fulfilmentSummary(north)).toEqual({
        agreed: { value: 50, precision: 'up_to', basis: 'per_party' },
        directions: [{ from: 'north', to: 'south' }],
        claimants: [
          {
            sourceId: 'icrc',
            phaseSum: {
              delivered: { lower: 61, upper: 61 },
              claimIds: ['i-rel-1', 'i-rel-2'],
              verdict: 'exceeds',
              by: 11,
            },
            statedTotal: null,
          },
          {
            sourceId: 'north-gov',
            // 30 + "about 30" (28..32) = 58..62: at least 8 over 50.
            phaseSum: {
              delivered: { lower: 58, upper: 62 },
              claimIds: ['n-rel-1', 'n-rel-2'],
              verdict: 'exceeds',
              by: 8,
            },
            statedTotal: {
              delivered: { lower: 60, upper: 60 },
              claimIds: ['n-rel-total'],
              verdict: 'exceeds',
              by: 10,
            },
          },
        ],
      });
      expect(claimantSummary(north)).toEqual([
        {
          sourceId: 'icrc',
          phases: [
            ['first convoy', 'i-rel-1'],
            ['second convoy', 'i-rel-2'],
          ],
          phaseSum: { lower: 61, upper: 61 },
          statedTotal: null,
          reconciliation: null,
        },
        {
          sourceId: 'north-gov',
          phases: [
            ['first convoy', 'n-rel-1'],
            ['second convoy', 'n-rel-2'],
          ],
          phaseSum: { lower: 58, upper: 62 },
          statedTotal: 'n-rel-total',
          // 58..62 admits its own 60.
          reconciliation: { outcome: 'reconciled', kind: null, gap: 0 },
        },
      ]);
      expect(phaseSummary(north)).toEqual([
        {
          phase: 'first convoy',
          claimIds: ['i-rel-1', 'n-rel-1'],
          range: { lower: 30, upper: 30 },
          spread: 0,
        },
        {
          phase: 'second convoy',
          claimIds: ['i-rel-2', 'n-rel-2'],
          range: { lower: 28, upper: 32 },
          spread: 0,
        },
      ]);

      const south = groupOf(groups, 'release', 'south');
      expect(fulfilmentSummary(south)).toEqual({
        agreed: { value: 50, precision: 'up_to', basis: 'per_party' },
        directions: [{ from: 'south', to: 'north' }],
        claimants: [
          {
            sourceId: 'south-gov',
            phaseSum: {
              delivered: { lower: 20, upper: 20 },
              claimIds: ['s-rel-1'],
              verdict: 'within',
              by: 0,
            },
            statedTotal: {
              delivered: { lower: 0, upper: 45 },
              claimIds: ['s-rel-total'],
              verdict: 'within',
              by: 0,
            },
          },
        ],
      });
      // 20 in phases against "up to 45": consistent.
      expect(claimantSummary(south)[0]).toMatchObject({
        reconciliation: { outcome: 'reconciled', kind: null, gap: 0 },
      });
    });

    it("'120 in total': summed over both directions, short, open above (unknown) and over", async () => {
      const groups = await s.totals(AG);
      const claimants = {
        'north-gov': {
          sourceId: 'north-gov',
          // 40 + 50 = 90: 30 short of 120.
          phaseSum: {
            delivered: { lower: 90, upper: 90 },
            claimIds: ['n-rem-ns', 'n-rem-sn'],
            verdict: 'short',
            by: 30,
          },
          statedTotal: null,
        },
        'south-gov': {
          sourceId: 'south-gov',
          // Only South's own direction: at least 50, open above.
          phaseSum: {
            delivered: { lower: 50, upper: null },
            claimIds: ['s-rem-sn'],
            verdict: 'unknown',
            by: 0,
          },
          statedTotal: null,
        },
        icrc: {
          sourceId: 'icrc',
          phaseSum: null,
          // 70 + 60 = 130: 10 over 120.
          statedTotal: {
            delivered: { lower: 130, upper: 130 },
            claimIds: ['i-rem-ns', 'i-rem-sn'],
            verdict: 'exceeds',
            by: 10,
          },
        },
      };
      const agreed = { value: 120, precision: 'exact', basis: 'total' };
      const directions = [
        { from: 'north', to: 'south' },
        { from: 'south', to: 'north' },
      ];
      expect(fulfilmentSummary(groupOf(groups, 'remains', 'north'))).toEqual({
        agreed,
        directions,
        claimants: [claimants.icrc, claimants['north-gov']],
      });
      expect(fulfilmentSummary(groupOf(groups, 'remains', 'south'))).toEqual({
        agreed,
        directions,
        claimants: [claimants.icrc, claimants['north-gov'], claimants['south-gov']],
      });
    });

    it("'at least 10 from South': short before the revision, within after; nothing agreed for North", async () => {
      const verdicts = (groups: Awaited<ReturnType<Scenario['totals']>>) =>
        fulfilmentSummary(groupOf(groups, 'wounded', 'south'));
      const agreed = { value: 10, precision: 'at_least', basis: 'per_party', party: 'south' };
      const icrc = {
        sourceId: 'icrc',
        // At least 8: may or may not reach 10.
        phaseSum: {
          delivered: { lower: 8, upper: null },
          claimIds: ['i-wnd-1'],
          verdict: 'unknown',
          by: 0,
        },
        statedTotal: null,
      };
      const south = (claimId: string, count: number, verdict: string, by: number) => ({
        sourceId: 'south-gov',
        phaseSum: { delivered: { lower: count, upper: count }, claimIds: [claimId], verdict, by },
        statedTotal: null,
      });
      const directions = [{ from: 'south', to: 'north' }];
      expect(verdicts(await s.totals(AG))).toEqual({
        agreed,
        directions,
        claimants: [icrc, south('s-wnd-1-r', 11, 'within', 0)],
      });
      expect(verdicts(await s.totals(AG, `&asOfPosition=${beforeRevision}`))).toEqual({
        agreed,
        directions,
        claimants: [icrc, south('s-wnd-1', 6, 'short', 4)],
      });
      expect(verdicts(await s.totals(AG, '&claimedBefore=2026-04-08T00:00:00Z'))).toEqual({
        agreed,
        directions,
        claimants: [icrc, south('s-wnd-1', 6, 'short', 4)],
      });
      expect(groupOf(await s.totals(AG), 'wounded', 'north').fulfilment).toEqual({
        agreed: null,
        directions: [],
        claimants: [],
      });
    });

    it('disputes only where intervals are disjoint: 6 against "at least 8", until the revision to 11', async () => {
      // Every other key's figures overlap: 30 and 30, "about 30" (28..32) and 31, 50 and 50.
      expect(await disputesOf(s, AG, '&kind=figure')).toEqual([
        {
          id: 'b-wounded',
          kind: 'figure',
          open: false,
          claimIds: ['i-wnd-1', 's-wnd-1-r'],
          delta: 0,
        },
      ]);
      expect(await disputesOf(s, AG, `&kind=figure&asOfPosition=${beforeRevision}`)).toEqual([
        { id: 'b-wounded', kind: 'figure', open: true, claimIds: ['i-wnd-1', 's-wnd-1'], delta: 2 },
      ]);
      const resolved = (await s.query('/discrepancies/b-wounded')).body.discrepancy;
      expect(resolved.statusChanged).toMatchObject({ reason: 'values converged', by: 'rule' });
    });
  },
);
