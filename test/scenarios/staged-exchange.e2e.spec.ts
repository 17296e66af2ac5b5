import {
  claimantSummary,
  disputesOf,
  groupOf,
  phaseSummary,
  SCENARIO_STORES,
  type Scenario,
  startScenario,
} from './support/scenario-ledger';

/**
 * Scenario A: a prisoner exchange in stages. Each side reports its stages and a running total;
 * West revises a stage figure with a reason, retracts its running total, East corrects a stage
 * by a newer figure. Every expected answer below is derived by hand from docs/DOMAIN-RULES.md.
 */
const AG = 'east-west-exchange';
const TRANSFERS = `/agreements/${AG}/transfers`;

describe.each(SCENARIO_STORES)(
  'scenario A: a staged prisoner exchange with revisions, a retraction and a correction (%s)',
  (store) => {
    let s: Scenario;
    const positions: Record<string, string> = {};

    interface Report {
      readonly from: 'east' | 'west';
      readonly value: number;
      readonly scope: unknown;
      readonly statedAt: string;
      readonly occurredAt?: unknown;
      readonly disputeId?: string;
    }
    /** One figure of `sourceId` on the exchange term, as `claimId`. */
    const report = (claimId: string, sourceId: string, { from, value, ...rest }: Report) =>
      s.accept(TRANSFERS, {
        claimId,
        sourceId,
        termId: 'pow',
        direction: { from, to: from === 'east' ? 'west' : 'east' },
        measure: 'prisoners',
        quantity: { value, precision: 'exact' },
        ...rest,
      });
    const stage = (n: number) => ({ kind: 'phase', phase: `stage-${n}` });
    const running = { kind: 'cumulative', period: 'since the exchange began' };

    beforeAll(async () => {
      s = await startScenario(store);
      await s.accept('/sources', {
        sourceId: 'east-mod',
        name: 'East ministry of defence',
        kind: 'party_authority',
        affiliation: 'east',
      });
      await s.accept('/sources', {
        sourceId: 'west-hq',
        name: 'West coordination headquarters',
        kind: 'party_authority',
        affiliation: 'west',
      });
      await s.accept('/agreements', {
        agreementId: AG,
        title: 'Staged exchange of prisoners of war',
        venue: 'Abu Dhabi',
        signedOn: '2026-03-01',
        parties: [
          { id: 'east', name: 'East' },
          { id: 'west', name: 'West' },
        ],
        mediators: [{ id: 'uae', name: 'UAE' }],
        terms: [
          {
            termId: 'pow',
            kind: 'prisoner_exchange',
            description: 'Exchange of prisoners in stages',
            reciprocity: 'mutual',
          },
        ],
      });
      // Stage 1 (5 March): both sides say 100 left East.
      await report('e-s1', 'east-mod', {
        from: 'east',
        value: 100,
        scope: stage(1),
        statedAt: '2026-03-05T10:00:00Z',
        occurredAt: { from: '2026-03-05' },
      });
      await report('w-s1', 'west-hq', {
        from: 'east',
        value: 100,
        scope: stage(1),
        statedAt: '2026-03-05T12:00:00Z',
        occurredAt: { from: '2026-03-05' },
      });
      // The other direction: 80, agreed by both, and West's running total of 80.
      await report('w-back-s1', 'west-hq', {
        from: 'west',
        value: 80,
        scope: stage(1),
        statedAt: '2026-03-05T12:00:00Z',
        occurredAt: { from: '2026-03-05' },
      });
      await report('e-back-s1', 'east-mod', {
        from: 'west',
        value: 80,
        scope: stage(1),
        statedAt: '2026-03-05T13:00:00Z',
        occurredAt: { from: '2026-03-05' },
      });
      await report('w-back-total', 'west-hq', {
        from: 'west',
        value: 80,
        scope: running,
        statedAt: '2026-03-05T14:00:00Z',
      });
      // Stage 2 (10 March): East says 150, West says 140: a dispute of 10.
      await report('e-s2', 'east-mod', {
        from: 'east',
        value: 150,
        scope: stage(2),
        statedAt: '2026-03-10T10:00:00Z',
        occurredAt: { from: '2026-03-09', to: '2026-03-10' },
      });
      await report('e-total', 'east-mod', {
        from: 'east',
        value: 250,
        scope: running,
        statedAt: '2026-03-10T11:00:00Z',
      });
      await report('w-s2', 'west-hq', {
        from: 'east',
        value: 140,
        scope: stage(2),
        statedAt: '2026-03-10T12:00:00Z',
        occurredAt: { from: '2026-03-09', to: '2026-03-10' },
        disputeId: 'a-stage-2',
      });
      await report('w-total', 'west-hq', {
        from: 'east',
        value: 240,
        scope: running,
        statedAt: '2026-03-10T13:00:00Z',
        disputeId: 'a-running-total',
      });
      positions.bothOpen = s.head();
      // 11 March: West revises its stage 2 to 150 (the stage dispute converges) ...
      await s.accept(`/agreements/${AG}/claims/w-s2/revisions`, {
        newClaimId: 'w-s2-r',
        quantity: { value: 150, precision: 'exact' },
        reason: 'recount after the verification at the border',
        statedAt: '2026-03-11T09:00:00Z',
      });
      positions.afterRevision = s.head();
      // ... and retracts its running total (the total dispute has no conflicting claim left).
      await s.accept(`/agreements/${AG}/claims/w-total/retraction`, {
        reason: 'the running total was published before the second stage was verified',
        statedAt: '2026-03-11T10:00:00Z',
      });
      // 12 March: East corrects its stage 1 to 98 with a newer figure (it revises its own 100).
      await report('e-s1-fix', 'east-mod', {
        from: 'east',
        value: 98,
        scope: stage(1),
        statedAt: '2026-03-12T09:00:00Z',
        occurredAt: { from: '2026-03-05' },
        disputeId: 'a-stage-1',
      });
    });
    afterAll(() => s.close());

    it('refuses a figure older than the live one, one stated before the signing, and a revision before its claim', async () => {
      await s.refuse(
        TRANSFERS,
        {
          claimId: 'e-s2-old',
          termId: 'pow',
          direction: { from: 'east', to: 'west' },
          measure: 'prisoners',
          quantity: { value: 149, precision: 'exact' },
          scope: stage(2),
          statedAt: '2026-03-09T10:00:00Z',
          sourceId: 'east-mod',
        },
        422,
        'figure_older_than_live',
      );
      await s.refuse(
        TRANSFERS,
        {
          claimId: 'e-s0',
          termId: 'pow',
          direction: { from: 'east', to: 'west' },
          measure: 'prisoners',
          quantity: { value: 12, precision: 'exact' },
          scope: stage(0),
          statedAt: '2026-02-20T10:00:00Z',
          sourceId: 'east-mod',
        },
        422,
        'before_agreement_signed',
      );
      await s.refuse(
        `/agreements/${AG}/claims/e-s2/revisions`,
        {
          quantity: { value: 151, precision: 'exact' },
          reason: 'stated before the claim itself',
          statedAt: '2026-03-10T09:00:00Z',
        },
        422,
        'statement_before_claim',
      );
    });

    it('totals at the head: each claimant, its phases, sums, running total and reconciliation', async () => {
      const groups = await s.totals(AG);
      const east = groupOf(groups, 'pow', 'east');
      expect(claimantSummary(east)).toEqual([
        {
          sourceId: 'east-mod',
          phases: [
            ['stage-1', 'e-s1-fix'],
            ['stage-2', 'e-s2'],
          ],
          phaseSum: { lower: 248, upper: 248 },
          statedTotal: 'e-total',
          // 98 + 150 = 248 against its own 250.
          reconciliation: { outcome: 'discrepancy', kind: 'phases_short_of_total', gap: 2 },
        },
        {
          sourceId: 'west-hq',
          phases: [
            ['stage-1', 'w-s1'],
            ['stage-2', 'w-s2-r'],
          ],
          phaseSum: { lower: 250, upper: 250 },
          statedTotal: null,
          reconciliation: null,
        },
      ]);
      expect(phaseSummary(east)).toEqual([
        {
          phase: 'stage-1',
          claimIds: ['e-s1-fix', 'w-s1'],
          range: { lower: 98, upper: 100 },
          spread: 2,
        },
        {
          phase: 'stage-2',
          claimIds: ['e-s2', 'w-s2-r'],
          range: { lower: 150, upper: 150 },
          spread: 0,
        },
      ]);
      expect(east.range).toEqual({
        phaseSum: { lower: 248, upper: 250 },
        statedTotal: { lower: 250, upper: 250 },
      });
      // No agreed quantity: no fulfilment verdicts.
      expect(east.fulfilment).toEqual({ agreed: null, directions: [], claimants: [] });

      const west = groupOf(groups, 'pow', 'west');
      expect(claimantSummary(west)).toEqual([
        {
          sourceId: 'east-mod',
          phases: [['stage-1', 'e-back-s1']],
          phaseSum: { lower: 80, upper: 80 },
          statedTotal: null,
          reconciliation: null,
        },
        {
          sourceId: 'west-hq',
          phases: [['stage-1', 'w-back-s1']],
          phaseSum: { lower: 80, upper: 80 },
          statedTotal: 'w-back-total',
          reconciliation: { outcome: 'reconciled', kind: null, gap: 0 },
        },
      ]);
    });

    it('disputes: the stage 2 one converged, the running-total one lost its other side, stage 1 open', async () => {
      const disputes = await disputesOf(s, AG, '&kind=figure');
      expect(disputes).toEqual(
        expect.arrayContaining([
          { id: 'a-stage-2', kind: 'figure', open: false, claimIds: ['e-s2', 'w-s2-r'], delta: 0 },
          { id: 'a-running-total', kind: 'figure', open: false, claimIds: ['e-total'], delta: 0 },
          { id: 'a-stage-1', kind: 'figure', open: true, claimIds: ['e-s1-fix', 'w-s1'], delta: 2 },
        ]),
      );
      expect(disputes).toHaveLength(3);
      const reasons = await Promise.all(
        ['a-stage-2', 'a-running-total'].map(
          async (id) =>
            (await s.query(`/discrepancies/${id}`)).body.discrepancy.statusChanged.reason as string,
        ),
      );
      expect(reasons).toEqual(['values converged', 'no conflicting claim remains']);
      // The only totals discrepancy open is East's own: 248 in its stages against 250.
      const totals = await disputesOf(s, AG, '&kind=totals&open=true');
      expect(totals).toEqual([expect.objectContaining({ kind: 'totals', open: true, delta: 2 })]);
    });

    it("lists every claim with its status; East's correction superseded its own 100", async () => {
      const listed = (await s.query(`/claims?agreementId=${AG}&limit=100`)).body.items as {
        claimId: string;
        status: string;
      }[];
      expect(Object.fromEntries(listed.map((c) => [c.claimId, c.status]))).toEqual({
        'e-s1': 'superseded',
        'w-s1': 'live',
        'w-back-s1': 'live',
        'e-back-s1': 'live',
        'w-back-total': 'live',
        'e-s2': 'live',
        'e-total': 'live',
        'w-s2': 'superseded',
        'w-total': 'retracted',
        'w-s2-r': 'live',
        'e-s1-fix': 'live',
      });
      expect((await s.query('/claims/e-s1')).body.claim).toMatchObject({
        supersededBy: 'e-s1-fix',
        ended: {
          statedAt: '2026-03-12T09:00:00.000Z',
          reason: 'a newer figure from the same source on the same quantity',
        },
      });
      expect((await s.query('/claims/w-total')).body.claim.ended).toEqual({
        statedAt: '2026-03-11T10:00:00.000Z',
        reason: 'the running total was published before the second stage was verified',
      });
    });

    it('links the running-total dispute to the stage dispute: one gap of 10, one finding', async () => {
      // Stage 2 (150 vs 140) and the running totals (250 vs 240): the same two sources, open at
      // the same time, the same delta. Stage 1 (98 vs 100) later stands alone.
      const disputed = (await s.events('FigureDisputed')) as {
        data: { disputeId: string; delta: number; linkedDisputeIds?: string[] };
      }[];
      expect(
        disputed.map(({ data: d }) => [d.disputeId, d.delta, d.linkedDisputeIds ?? []]),
      ).toEqual([
        ['a-stage-2', 10, []],
        ['a-running-total', 10, ['a-stage-2']],
        ['a-stage-1', 2, []],
      ]);
    });

    it('as of the position where both disputes were open, and as of the revision', async () => {
      const then = groupOf(
        await s.totals(AG, `&asOfPosition=${positions.bothOpen}`),
        'pow',
        'east',
      );
      expect(phaseSummary(then)).toEqual([
        {
          phase: 'stage-1',
          claimIds: ['e-s1', 'w-s1'],
          range: { lower: 100, upper: 100 },
          spread: 0,
        },
        {
          phase: 'stage-2',
          claimIds: ['e-s2', 'w-s2'],
          range: { lower: 140, upper: 150 },
          spread: 10,
        },
      ]);
      expect(claimantSummary(then)).toEqual([
        {
          sourceId: 'east-mod',
          phases: [
            ['stage-1', 'e-s1'],
            ['stage-2', 'e-s2'],
          ],
          phaseSum: { lower: 250, upper: 250 },
          statedTotal: 'e-total',
          reconciliation: { outcome: 'reconciled', kind: null, gap: 0 },
        },
        {
          sourceId: 'west-hq',
          phases: [
            ['stage-1', 'w-s1'],
            ['stage-2', 'w-s2'],
          ],
          phaseSum: { lower: 240, upper: 240 },
          statedTotal: 'w-total',
          reconciliation: { outcome: 'reconciled', kind: null, gap: 0 },
        },
      ]);
      expect(await disputesOf(s, AG, `&kind=figure&asOfPosition=${positions.bothOpen}`)).toEqual(
        expect.arrayContaining([
          { id: 'a-stage-2', kind: 'figure', open: true, claimIds: ['e-s2', 'w-s2'], delta: 10 },
          {
            id: 'a-running-total',
            kind: 'figure',
            open: true,
            claimIds: ['e-total', 'w-total'],
            delta: 10,
          },
        ]),
      );

      const revised = await disputesOf(
        s,
        AG,
        `&kind=figure&asOfPosition=${positions.afterRevision}`,
      );
      expect(revised).toEqual(
        expect.arrayContaining([
          { id: 'a-stage-2', kind: 'figure', open: false, claimIds: ['e-s2', 'w-s2-r'], delta: 0 },
          {
            id: 'a-running-total',
            kind: 'figure',
            open: true,
            claimIds: ['e-total', 'w-total'],
            delta: 10,
          },
        ]),
      );
      expect(revised).toHaveLength(2);
    });

    it('claimedBefore: only what had been said by then, every part from those claims', async () => {
      // Before 10 March 12:30: East's stages 100 and 150 and total 250; West's stage 1 only.
      const east = groupOf(
        await s.totals(AG, '&claimedBefore=2026-03-10T12:30:00Z'),
        'pow',
        'east',
      );
      expect(claimantSummary(east)).toEqual([
        {
          sourceId: 'east-mod',
          phases: [
            ['stage-1', 'e-s1'],
            ['stage-2', 'e-s2'],
          ],
          phaseSum: { lower: 250, upper: 250 },
          statedTotal: 'e-total',
          reconciliation: { outcome: 'reconciled', kind: null, gap: 0 },
        },
        {
          sourceId: 'west-hq',
          phases: [
            ['stage-1', 'w-s1'],
            ['stage-2', 'w-s2'],
          ],
          phaseSum: { lower: 240, upper: 240 },
          statedTotal: null,
          reconciliation: null,
        },
      ]);
      expect(east.claimants[0]?.reconciliation?.since).toBeNull();
    });

    it('occurredBefore: a stage still running at the cut-off is left out, as are running totals', async () => {
      // Stage 2 ran on 9 and 10 March: at 10 March 00:00 it had not ended. Running totals give no
      // occurrence: excluded.
      const during = groupOf(
        await s.totals(AG, '&occurredBefore=2026-03-10T00:00:00Z'),
        'pow',
        'east',
      );
      expect(claimantSummary(during)).toEqual([
        {
          sourceId: 'east-mod',
          phases: [['stage-1', 'e-s1-fix']],
          phaseSum: { lower: 98, upper: 98 },
          statedTotal: null,
          reconciliation: null,
        },
        {
          sourceId: 'west-hq',
          phases: [['stage-1', 'w-s1']],
          phaseSum: { lower: 100, upper: 100 },
          statedTotal: null,
          reconciliation: null,
        },
      ]);
      const after = groupOf(
        await s.totals(AG, '&occurredBefore=2026-03-11T00:00:00Z'),
        'pow',
        'east',
      );
      expect(phaseSummary(after).map((p) => (p as { phase: string }).phase)).toEqual([
        'stage-1',
        'stage-2',
      ]);
      expect(claimantSummary(after)[0]).toMatchObject({ phaseSum: { lower: 248, upper: 248 } });
    });

    it("keeps the revised claim's audit trail: reported, disputed, superseded, the dispute resolved", async () => {
      const claim = (await s.query(`/claims/w-s2`)).body.claim;
      expect(claim).toMatchObject({
        status: 'superseded',
        supersededBy: 'w-s2-r',
        ended: {
          statedAt: '2026-03-11T09:00:00.000Z',
          reason: 'recount after the verification at the border',
        },
      });
      const successor = (await s.query(`/claims/w-s2-r`)).body.claim;
      expect(successor).toMatchObject({
        status: 'live',
        supersedes: 'w-s2',
        quantity: { value: 150, precision: 'exact' },
        revisionReason: 'recount after the verification at the border',
      });
      const trail = (await s.query(`/claims/w-s2/audit-trail`, '', 'auditor')).body.items as {
        eventType: string;
        change: Record<string, unknown>;
        caused: unknown;
      }[];
      // Reconciliations and dispute changes touch the claims they name: West's own reconciliation
      // (100 + 140 = 240 against its 240) names w-s2; the dispute's change names it as leaving; the
      // convergence that follows names only the claims then in the dispute (e-s2, w-s2-r).
      expect(trail.map((e) => [e.eventType, e.change.what])).toEqual([
        ['TransferReported', 'reported'],
        ['FigureDisputed', 'disputed'],
        ['TotalsReconciled', 'totals_reconciled'],
        ['ClaimRevised', 'superseded'],
        ['DisputeClaimsChanged', 'dispute_claims_changed'],
      ]);
      expect(trail[1]?.change).toMatchObject({ disputeId: 'a-stage-2', delta: 10 });
      expect(trail[3]?.change).toMatchObject({
        supersededBy: 'w-s2-r',
        reason: 'recount after the verification at the border',
      });
      expect(trail[3]?.caused).toEqual([
        expect.objectContaining({
          effect: 'supersession',
          claimId: 'w-s2',
          supersededBy: 'w-s2-r',
        }),
      ]);
    });
  },
);
