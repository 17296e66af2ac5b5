import {
  disputesOf,
  fulfilmentSummary,
  groupOf,
  phaseSummary,
  SCENARIO_STORES,
  type Scenario,
  startScenario,
} from './support/scenario-ledger';

/**
 * Scenario C: a ceasefire with an aid term ("at least 100 trucks let through by Red"). Bounded
 * figures ("about 90", "over 150", "at least 80"), a wire report, corroborations accepted and
 * refused, an offer made, revised and answered (and refused from the wrong party), and claims
 * stated before the signing refused. Expected answers derived by hand from docs/DOMAIN-RULES.md.
 */
const AG = 'red-blue-ceasefire';
const TRANSFERS = `/agreements/${AG}/transfers`;
const corroborations = (claimId: string) => `/agreements/${AG}/claims/${claimId}/corroborations`;
const OFFER = 'c-offer-fuel';

describe.each(SCENARIO_STORES)(
  'scenario C: a ceasefire with bounded aid figures, corroborations and an offer (%s)',
  (store) => {
    let s: Scenario;
    let wireJoined = '0';

    const week1 = (claimId: string, sourceId: string, quantity: unknown, statedAt: string) => ({
      claimId,
      sourceId,
      termId: 'aid',
      direction: { from: 'red', to: 'blue' },
      measure: 'trucks',
      quantity,
      scope: { kind: 'phase', phase: 'week 1' },
      occurredAt: { from: '2026-05-02', to: '2026-05-08' },
      statedAt,
    });

    beforeAll(async () => {
      s = await startScenario(store);
      const sources = [
        { sourceId: 'red-ministry', kind: 'party_authority', affiliation: 'red' },
        { sourceId: 'red-spokes', kind: 'party_official', affiliation: 'red' },
        { sourceId: 'blue-ministry', kind: 'party_authority', affiliation: 'blue' },
        { sourceId: 'wire', kind: 'news_agency' },
        { sourceId: 'wire-mirror', kind: 'media', relayOf: 'wire' },
        { sourceId: 'un-ocha', kind: 'neutral_intermediary' },
      ];
      for (const source of sources)
        await s.accept('/sources', { ...source, name: source.sourceId });
      await s.accept('/agreements', {
        agreementId: AG,
        title: 'Ceasefire and humanitarian access',
        venue: 'Doha',
        signedOn: '2026-05-01',
        parties: [
          { id: 'red', name: 'Red' },
          { id: 'blue', name: 'Blue' },
        ],
        mediators: [{ id: 'green', name: 'Green' }],
        terms: [
          {
            termId: 'aid',
            kind: 'other',
            description: 'At least 100 aid trucks let through by Red',
            reciprocity: 'unilateral',
            agreedQuantity: { value: 100, precision: 'at_least', basis: 'per_party', party: 'red' },
          },
        ],
      });
      // "About 90" is 85..95 (±4.5 rounded outward); "over 150" is 150 and more.
      await s.accept(
        TRANSFERS,
        week1(
          'c-blue-w1',
          'blue-ministry',
          { value: 90, precision: 'about' },
          '2026-05-09T08:00:00Z',
        ),
      );
      await s.accept(TRANSFERS, {
        ...week1(
          'c-red-w1',
          'red-ministry',
          { value: 150, precision: 'at_least' },
          '2026-05-09T09:00:00Z',
        ),
        disputeId: 'c-week-1',
      });
      // "At least 80" agrees with every figure: it never joins the dispute.
      await s.accept(
        TRANSFERS,
        week1('c-ocha-w1', 'un-ocha', { value: 80, precision: 'at_least' }, '2026-05-09T10:00:00Z'),
      );
      // The wire's 160 conflicts with Blue's 85..95 only: it joins.
      await s.accept(
        TRANSFERS,
        week1('c-wire-w1', 'wire', { value: 160, precision: 'exact' }, '2026-05-09T11:00:00Z'),
      );
      wireJoined = s.head();
      await s.accept(corroborations('c-red-w1'), {
        sourceId: 'un-ocha',
        statedAt: '2026-05-09T12:00:00Z',
      });
      await s.accept(corroborations('c-red-w1'), {
        sourceId: 'red-spokes',
        statedAt: '2026-05-09T12:30:00Z',
      });
      // Blue revises to "about 150" (142..158): it now overlaps Red's, but not the wire's 160.
      await s.accept(`/agreements/${AG}/claims/c-blue-w1/revisions`, {
        newClaimId: 'c-blue-w1-r',
        quantity: { value: 150, precision: 'about' },
        reason: 'the convoys at the second crossing were counted',
        statedAt: '2026-05-10T09:00:00Z',
      });
    });
    afterAll(() => s.close());

    it('refuses claims stated, or about transfers, before the signing', async () => {
      const { occurredAt: _week, ...undated } = week1(
        'c-early',
        'red-ministry',
        { value: 10, precision: 'exact' },
        '2026-04-28T10:00:00Z',
      );
      await s.refuse(TRANSFERS, undated, 422, 'before_agreement_signed');
      // A transfer before the signing, stated after it: refused too (no priorPeriod named).
      await s.refuse(
        TRANSFERS,
        {
          ...week1(
            'c-early-2',
            'red-ministry',
            { value: 10, precision: 'exact' },
            '2026-05-03T10:00:00Z',
          ),
          scope: { kind: 'phase', phase: 'before the ceasefire' },
          occurredAt: { from: '2026-04-29' },
        },
        422,
        'before_agreement_signed',
      );
      // "Before the signing day everywhere on Earth": 1 May begins at UTC+14 on 30 April 10:00Z,
      // so a statement one second earlier is before it.
      await s.refuse(
        `/agreements/${AG}/completion-claims`,
        {
          claimId: 'c-early-done',
          termId: 'aid',
          sourceId: 'red-ministry',
          statedAt: '2026-04-30T09:59:59Z',
        },
        422,
        'before_agreement_signed',
      );
      await s.refuse(
        `/agreements/${AG}/characterizations`,
        {
          claimId: 'c-early-framing',
          termId: 'aid',
          property: 'reciprocity',
          value: 'unilateral_humanitarian',
          sourceId: 'red-ministry',
          statedAt: '2026-04-30T09:59:59Z',
        },
        422,
        'before_agreement_signed',
      );
    });

    it('refuses corroborations from the claimant, its relay, a contradicting source, before the claim, or twice', async () => {
      await s.refuse(
        corroborations('c-red-w1'),
        { sourceId: 'red-ministry', statedAt: '2026-05-09T13:00:00Z' },
        422,
        'self_corroboration',
      );
      await s.refuse(
        corroborations('c-wire-w1'),
        { sourceId: 'wire-mirror', statedAt: '2026-05-09T13:00:00Z' },
        422,
        'relay_of_claimant',
      );
      // Blue's live figure (142..158 since its revision) shares no count with the wire's 160.
      await s.refuse(
        corroborations('c-wire-w1'),
        { sourceId: 'blue-ministry', statedAt: '2026-05-10T13:00:00Z' },
        422,
        'corroborator_contradicts_claim',
      );
      await s.refuse(
        corroborations('c-blue-w1-r'),
        { sourceId: 'un-ocha', statedAt: '2026-05-10T08:00:00Z' },
        422,
        'corroboration_before_claim',
      );
      await s.refuse(
        corroborations('c-red-w1'),
        { sourceId: 'red-spokes', independence: 'independent', statedAt: '2026-05-09T13:00:00Z' },
        422,
        'affiliated_not_independent',
      );
      await s.refuse(
        corroborations('c-red-w1'),
        { sourceId: 'un-ocha', statedAt: '2026-05-09T14:00:00Z' },
        409,
        'already_corroborated',
      );
      const red = (await s.query('/claims/c-red-w1')).body.claim;
      expect(red.corroborations).toEqual([
        expect.objectContaining({ sourceId: 'un-ocha', independence: 'independent' }),
        expect.objectContaining({ sourceId: 'red-spokes', independence: 'affiliated' }),
      ]);
    });

    it('disputes only the disjoint figures, following the revision; bounds that agree stay out', async () => {
      expect(await disputesOf(s, AG, `&kind=figure&asOfPosition=${wireJoined}`)).toEqual([
        // 160 (the highest lower bound) − 95 (the lowest upper bound).
        {
          id: 'c-week-1',
          kind: 'figure',
          open: true,
          claimIds: ['c-blue-w1', 'c-red-w1', 'c-wire-w1'],
          delta: 65,
        },
      ]);
      expect(await disputesOf(s, AG, '&kind=figure')).toEqual([
        // 142..158 overlaps "over 150" (Red leaves), not 160: 160 − 158.
        {
          id: 'c-week-1',
          kind: 'figure',
          open: true,
          claimIds: ['c-blue-w1-r', 'c-wire-w1'],
          delta: 2,
        },
      ]);
      expect(await disputesOf(s, AG, '&kind=figure&claimId=c-ocha-w1')).toEqual([]);
    });

    it('totals and fulfilment: at the head, as of the wire report, and claimed before 10:30', async () => {
      const head = groupOf(await s.totals(AG), 'aid', 'red');
      expect(phaseSummary(head)).toEqual([
        {
          phase: 'week 1',
          claimIds: ['c-blue-w1-r', 'c-ocha-w1', 'c-red-w1', 'c-wire-w1'],
          range: { lower: 80, upper: null },
          spread: 2,
        },
      ]);
      const agreed = { value: 100, precision: 'at_least', basis: 'per_party', party: 'red' };
      const directions = [{ from: 'red', to: 'blue' }];
      const verdict = (
        sourceId: string,
        claimId: string,
        delivered: { lower: number; upper: number | null },
        v: string,
        by = 0,
      ) => ({
        sourceId,
        phaseSum: { delivered, claimIds: [claimId], verdict: v, by },
        statedTotal: null,
      });
      const ocha = verdict('un-ocha', 'c-ocha-w1', { lower: 80, upper: null }, 'unknown');
      const red = verdict('red-ministry', 'c-red-w1', { lower: 150, upper: null }, 'within');
      const wire = verdict('wire', 'c-wire-w1', { lower: 160, upper: 160 }, 'within');
      expect(fulfilmentSummary(head)).toEqual({
        agreed,
        directions,
        claimants: [
          verdict('blue-ministry', 'c-blue-w1-r', { lower: 142, upper: 158 }, 'within'),
          red,
          ocha,
          wire,
        ],
      });

      const then = groupOf(await s.totals(AG, `&asOfPosition=${wireJoined}`), 'aid', 'red');
      expect(phaseSummary(then)).toEqual([
        {
          phase: 'week 1',
          claimIds: ['c-blue-w1', 'c-ocha-w1', 'c-red-w1', 'c-wire-w1'],
          range: { lower: 80, upper: null },
          spread: 65,
        },
      ]);
      expect(fulfilmentSummary(then)).toEqual({
        agreed,
        directions,
        claimants: [
          // At most 95: at least 5 short of 100.
          verdict('blue-ministry', 'c-blue-w1', { lower: 85, upper: 95 }, 'short', 5),
          red,
          ocha,
          wire,
        ],
      });

      const claimed = groupOf(
        await s.totals(AG, '&claimedBefore=2026-05-09T10:30:00Z'),
        'aid',
        'red',
      );
      expect(phaseSummary(claimed)).toEqual([
        {
          phase: 'week 1',
          claimIds: ['c-blue-w1', 'c-ocha-w1', 'c-red-w1'],
          range: { lower: 80, upper: null },
          spread: 55,
        },
      ]);
      expect(fulfilmentSummary(claimed)).toMatchObject({
        claimants: [
          verdict('blue-ministry', 'c-blue-w1', { lower: 85, upper: 95 }, 'short', 5),
          red,
          ocha,
        ],
      });
    });

    it('an offer: revised only by the offering party, answered only by the addressed one, once', async () => {
      await s.accept('/offers', {
        offerId: OFFER,
        agreementId: AG,
        by: 'red',
        to: 'blue',
        sourceId: 'red-ministry',
        measure: 'fuel-tankers',
        quantity: { value: 20, precision: 'exact' },
        beyondAgreement: true,
        statedAt: '2026-05-09T13:00:00Z',
      });
      const revise = (sourceId: string, statedAt: string) => ({
        sourceId,
        statedAt,
        quantity: { value: 30, precision: 'up_to' },
        reason: 'a second depot was opened',
      });
      await s.refuse(
        `/offers/${OFFER}/revisions`,
        revise('blue-ministry', '2026-05-10T10:00:00Z'),
        422,
        'not_offering_party',
      );
      await s.accept(`/offers/${OFFER}/revisions`, revise('red-spokes', '2026-05-10T10:00:00Z'));
      await s.refuse(
        `/offers/${OFFER}/revisions`,
        {
          ...revise('red-ministry', '2026-05-10T09:30:00Z'),
          quantity: { value: 25, precision: 'exact' },
        },
        422,
        'statement_before_claim',
      );
      const answer = (sourceId: string, statedAt: string, extra: Record<string, unknown> = {}) => ({
        sourceId,
        statedAt,
        answer: 'countered',
        ...extra,
      });
      await s.refuse(
        `/offers/${OFFER}/answers`,
        answer('red-ministry', '2026-05-11T08:00:00Z'),
        422,
        'not_addressed_party',
      );
      await s.refuse(
        `/offers/${OFFER}/answers`,
        answer('blue-ministry', '2026-05-11T08:00:00Z', { reportedBy: 'nobody-registered' }),
        404,
        'source_not_registered',
      );
      await s.accept(
        `/offers/${OFFER}/answers`,
        answer('blue-ministry', '2026-05-11T08:00:00Z', { reportedBy: 'wire' }),
      );
      await s.refuse(
        `/offers/${OFFER}/answers`,
        answer('blue-ministry', '2026-05-11T09:00:00Z', { answer: 'accepted' }),
        409,
        'offer_already_answered',
      );
      const offer = (await s.query(`/offers/${OFFER}`)).body.offer;
      expect(offer).toMatchObject({
        by: 'red',
        to: 'blue',
        sourceId: 'red-ministry',
        // The date it was first made, not the revision's.
        statedAt: '2026-05-09T13:00:00.000Z',
        beyondAgreement: true,
      });
      expect(offer.revisions).toEqual([
        expect.objectContaining({
          sourceId: 'red-spokes',
          statedAt: '2026-05-10T10:00:00.000Z',
          quantity: expect.objectContaining({ value: 30, precision: 'up_to' }),
          reason: 'a second depot was opened',
        }),
      ]);
      expect(offer.answer).toMatchObject({
        answer: 'countered',
        sourceId: 'blue-ministry',
        reportedBy: 'wire',
        statedAt: '2026-05-11T08:00:00.000Z',
      });
    });
  },
);
