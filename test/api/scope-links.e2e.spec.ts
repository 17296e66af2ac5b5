import type { TotalsGroup } from '@ledger/projections';
import {
  claimantSummary,
  disputesOf,
  groupOf,
  phaseSummary,
  SCENARIO_STORES,
  type Scenario,
  startScenario,
} from '../scenarios/support/scenario-ledger';
import { signJuneRepatriation } from './support/june-repatriation';

/**
 * Scope links over HTTP (issue 19, expressiveness): one handover reported under a date by one side
 * and as "the third handover" by the other, and running totals under two period labels. Linked,
 * their claims are compared as one quantity: a dispute opens or grows at link time (its cause the
 * link), a linked phase counts once in its claimant's reconciliation, and answers as of a position
 * before the link show none of it.
 */
const AG = 'june-repatriation';
const TRANSFERS = `/agreements/${AG}/transfers`;
const LINKS = `/agreements/${AG}/scope-links`;
const DAY = { kind: 'phase', phase: '2025-06-20' };
const THIRD = { kind: 'phase', phase: 'third handover' };
const WEEK = { kind: 'cumulative', period: 'past week' };
const JUNE = { kind: 'cumulative', period: '14-20 June' };
const PREFIX = `${AG}/bodies/ru->ua/bodies`;

describe.each(SCENARIO_STORES)('scope links (%s)', (store) => {
  let s: Scenario;
  let beforeLink: string;

  const report = (claimId: string, sourceId: string, value: unknown, scope: unknown, from = 'ru') =>
    s.accept(TRANSFERS, {
      claimId,
      sourceId,
      termId: 'bodies',
      direction: { from, to: from === 'ru' ? 'ua' : 'ru' },
      measure: 'bodies',
      quantity: typeof value === 'number' ? { value, precision: 'exact' } : value,
      scope,
      statedAt: '2025-06-21T10:00:00Z',
    });
  const link = (body: Record<string, unknown>) => ({
    termId: 'bodies',
    direction: { from: 'ru', to: 'ua' },
    measure: 'bodies',
    reason: 'Kyiv dates the handover; Moscow numbers it: both mean the handover of 20 June',
    ...body,
  });

  beforeAll(async () => {
    s = await startScenario(store);
    await signJuneRepatriation(s, AG);
    // Kyiv reports the handover under its date and, in a later bulletin, as "the third
    // handover", with a running total of 1,000; Moscow reports 1,010 for the third handover.
    await report('ua-day', 'ua-hq', 1000, DAY);
    await report('ua-third', 'ua-hq', 1000, THIRD);
    await report('ua-total', 'ua-hq', 1000, { kind: 'cumulative' });
    await report('ru-third', 'ru-mod', 1010, THIRD);
    // The other way: Kyiv's "over 6,000 in the past week", Moscow's 5,000 for 14-20 June.
    await report('ua-week', 'ua-hq', { value: 6000, precision: 'at_least' }, WEEK, 'ua');
    beforeLink = await report('ru-june', 'ru-mod', 5000, JUNE, 'ua');
  });
  afterAll(() => s.close());

  it('before any link: two phases for Kyiv, its phases exceed its total, one dispute', async () => {
    const group = groupOf(await s.totals(AG), 'bodies', 'ru');
    expect(group.scopeLinks).toEqual([]);
    expect(claimantSummary(group)[1]).toMatchObject({
      sourceId: 'ua-hq',
      phases: [
        ['2025-06-20', 'ua-day'],
        ['third handover', 'ua-third'],
      ],
      reconciliation: { outcome: 'discrepancy', kind: 'phases_exceed_total', gap: 1000 },
    });
    expect(await disputesOf(s, AG, '&kind=figure')).toEqual([
      {
        id: 'dispute-ru-third',
        kind: 'figure',
        open: true,
        claimIds: ['ru-third', 'ua-third'],
        delta: 10,
      },
    ]);
  });

  it('links the phases: the open dispute takes in the dated figure, the phase counts once', async () => {
    await s.accept(LINKS, link({ scopeLinkId: 'third-is-20-june', scopes: [DAY, THIRD] }));
    const group = groupOf(await s.totals(AG), 'bodies', 'ru');
    expect(group.scopeLinks).toMatchObject([
      {
        scopeLinkId: 'third-is-20-june',
        scopes: [DAY, THIRD],
        quantityKey: `${PREFIX}/phase:2025-06-20`,
        linkedKeys: [`${PREFIX}/phase:2025-06-20`, `${PREFIX}/phase:third%20handover`],
        linkedBy: expect.any(String),
      },
    ]);
    // Kyiv's latest figure for the one phase is the "third handover" one, shown under the date.
    const kyiv = group.claimants.find((c) => c.sourceId === 'ua-hq');
    expect(kyiv?.phases).toMatchObject([
      { claimId: 'ua-third', phase: '2025-06-20', reportedAs: 'third handover' },
    ]);
    expect(kyiv?.phaseSum).toEqual({ lower: 1000, upper: 1000 });
    expect(kyiv?.reconciliation).toMatchObject({ outcome: 'reconciled', gap: 0 });
    expect(phaseSummary(group)).toEqual([
      {
        phase: '2025-06-20',
        claimIds: ['ru-third', 'ua-third'],
        range: { lower: 1000, upper: 1010 },
        spread: 10,
      },
    ]);
    const dispute = (await s.query(`/discrepancies/dispute-ru-third`)).body.discrepancy;
    expect(dispute).toMatchObject({
      open: true,
      scopeLinkId: 'third-is-20-june',
      causedByClaimId: 'ru-third',
      delta: 10,
    });
    expect([...(dispute.claimIds as string[])].sort()).toEqual(['ru-third', 'ua-day', 'ua-third']);
  });

  it('links two period labels of running totals and opens the dispute they reveal', async () => {
    await s.accept(
      LINKS,
      link({
        scopeLinkId: 'week-is-june',
        scopes: [WEEK, JUNE],
        direction: { from: 'ua', to: 'ru' },
      }),
    );
    const dispute = (await s.query(`/discrepancies/dispute-week-is-june`)).body.discrepancy;
    expect(dispute).toMatchObject({
      open: true,
      subjectKey: `${AG}/bodies/ua->ru/bodies/cumulative:past%20week`,
      causedByClaimId: null,
      scopeLinkId: 'week-is-june',
      delta: 1000,
    });
  });

  it('shows nothing of the links as of a position before them', async () => {
    const at = `&asOfPosition=${beforeLink}`;
    const group = groupOf(await s.totals(AG, at), 'bodies', 'ru');
    expect(group.scopeLinks).toEqual([]);
    expect(group.phases.map((p) => p.phase).sort()).toEqual(['2025-06-20', 'third handover']);
    const agreement = (await s.query(`/agreements/${AG}`, at)).body;
    expect(agreement.agreement.scopeLinks).toEqual([]);
    const now = (await s.query(`/agreements/${AG}`)).body;
    expect(
      (now.agreement.scopeLinks as { scopeLinkId: string }[]).map((l) => l.scopeLinkId),
    ).toEqual(['third-is-20-june', 'week-is-june']);
    const disputes = await disputesOf(s, AG, `&kind=figure${at}`);
    expect(disputes).toHaveLength(1);
  });

  it("records the link in each linked claim's audit trail", async () => {
    const trail = (await s.query(`/claims/ua-day/audit-trail`, '', 'auditor')).body.items as {
      eventType: string;
      change: Record<string, unknown>;
      caused: unknown[];
    }[];
    const linked = trail.find((e) => e.eventType === 'ScopesLinked');
    expect(linked?.change).toMatchObject({
      what: 'scopes_linked',
      scopeLinkId: 'third-is-20-june',
      quantityKey: `${PREFIX}/phase:2025-06-20`,
    });
    expect(linked?.caused).toEqual(
      expect.arrayContaining([expect.objectContaining({ event: 'DisputeClaimsChanged' })]),
    );
  });

  it('compares a later figure under either label on the linked quantity', async () => {
    await report('ru-day', 'ru-mod', 1012, DAY);
    const group: TotalsGroup = groupOf(await s.totals(AG), 'bodies', 'ru');
    const moscow = group.claimants.find((c) => c.sourceId === 'ru-mod');
    // Moscow's newer figure under the date revises its "third handover" figure: one live figure each.
    expect(moscow?.phases.map((p) => p.claimId)).toEqual(['ru-day']);
    const dispute = (await s.query(`/discrepancies/dispute-ru-third`)).body.discrepancy;
    expect([...(dispute.claimIds as string[])].sort()).toEqual(['ru-day', 'ua-day', 'ua-third']);
    expect(dispute.delta).toBe(12);
  });

  it('refuses links that mix kinds, add nothing or name one scope, writing nothing', async () => {
    await s.refuse(LINKS, link({ scopes: [DAY, WEEK] }), 422, 'scope_kinds_differ');
    await s.refuse(LINKS, link({ scopes: [THIRD, DAY] }), 409, 'scopes_already_linked');
    await s.refuse(
      LINKS,
      link({ scopeLinkId: 'third-is-20-june', scopes: [DAY, { kind: 'phase', phase: 'x' }] }),
      409,
      'scope_link_already_exists',
    );
    await s.refuse(LINKS, link({ scopes: [DAY] }), 400, 'validation_failed');
    await s.refuse(LINKS, link({ scopes: [DAY, THIRD], termId: 'nope' }), 404, 'term_not_found');
  });
});
