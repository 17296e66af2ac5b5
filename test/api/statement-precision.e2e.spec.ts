import {
  groupOf,
  SCENARIO_STORES,
  type Scenario,
  startScenario,
} from '../scenarios/support/scenario-ledger';
import { signJuneRepatriation } from './support/june-repatriation';

/**
 * Statement times known only to the day, or "around" a day (issue 19, expressiveness): accepted
 * over HTTP, shown with their precision, and compared as intervals (docs/DOMAIN-RULES.md, Dates):
 * a rule refuses only what certainly breaks it, and claimedBefore=T counts a claim only once the
 * whole of its statement time lies before T.
 */
const AG = 'june-handover';
const TRANSFERS = `/agreements/${AG}/transfers`;
const P1 = { kind: 'phase', phase: 'first handover' };

describe.each(SCENARIO_STORES)('approximate statement times (%s)', (store) => {
  let s: Scenario;

  const transfer = (claimId: string, sourceId: string, value: number, when: object) => ({
    claimId,
    sourceId,
    termId: 'bodies',
    direction: { from: 'ru', to: 'ua' },
    measure: 'bodies',
    quantity: { value, precision: 'exact' },
    scope: P1,
    ...when,
  });
  const claimIdsStated = async (before: string): Promise<string[]> => {
    const answer = await s.query(`/claims?agreementId=${AG}`, `&claimedBefore=${before}`);
    return (answer.body.items as { claimId: string }[]).map((c) => c.claimId).sort();
  };
  const figuresStated = async (before: string): Promise<string[]> => {
    const groups = await s.totals(AG, `&claimedBefore=${before}`);
    if (groups.length === 0) return [];
    return groupOf(groups, 'bodies', 'ru')
      .phases.flatMap((p) => p.figures.map((f) => f.claimId))
      .sort();
  };

  beforeAll(async () => {
    s = await startScenario(store);
    await signJuneRepatriation(s, AG, [{ sourceId: 'icrc', kind: 'neutral_intermediary' }]);
    // Kyiv's bulletin is dated 20 June; Moscow spoke "around" the evening of 19 June.
    await s.accept(TRANSFERS, transfer('ua-day', 'ua-hq', 1000, { statedAt: '2025-06-20' }));
    await s.accept(
      TRANSFERS,
      transfer('ru-around', 'ru-mod', 1010, {
        statedAt: '2025-06-19T18:00:00Z',
        statedAtPrecision: 'approximate',
      }),
    );
  });
  afterAll(() => s.close());

  it('shows each claim with its statement precision', async () => {
    const day = (await s.query(`/claims/ua-day`)).body.claim;
    expect(day).toMatchObject({ statedAt: '2025-06-20', statedAtPrecision: 'day' });
    const around = (await s.query(`/claims/ru-around`)).body.claim;
    expect(around).toMatchObject({
      statedAt: '2025-06-19T18:00:00.000Z',
      statedAtPrecision: 'approximate',
    });
    const figures = groupOf(await s.totals(AG), 'bodies', 'ru').phases[0]?.figures;
    expect(figures).toMatchObject([
      { claimId: 'ua-day', statedAtPrecision: 'day' },
      { claimId: 'ru-around', statedAtPrecision: 'approximate' },
    ]);
  });

  it('claimedBefore counts a claim once the whole of its statement time is before the cut-off', async () => {
    // 20 June lasts until 2025-06-21T11:59:59.999Z (UTC−12); "around" 19 June 18:00 until 22 June 18:00.
    for (const [before, expected] of [
      ['2025-06-21T00:00:00Z', []],
      ['2025-06-21T12:00:00Z', ['ua-day']],
      ['2025-06-22T18:00:00Z', ['ua-day']],
      ['2025-06-22T18:00:00.001Z', ['ru-around', 'ua-day']],
    ] as const) {
      expect({ before, claims: await claimIdsStated(before) }).toEqual({
        before,
        claims: expected,
      });
      expect({ before, figures: await figuresStated(before) }).toEqual({
        before,
        figures: expected,
      });
    }
  });

  it('refuses only what certainly breaks a rule, writing nothing', async () => {
    // A day wholly before the signing (2 June), and "around" a day that is.
    await s.refuse(
      TRANSFERS,
      transfer('early', 'ua-hq', 1, { statedAt: '2025-05-30' }),
      422,
      'before_agreement_signed',
    );
    await s.refuse(
      TRANSFERS,
      transfer('early', 'ua-hq', 1, { statedAt: '2025-05-25', statedAtPrecision: 'approximate' }),
      422,
      'before_agreement_signed',
    );
    await s.refuse(
      TRANSFERS,
      transfer('bad', 'ua-hq', 1, { statedAt: '2025-06-20T10:00:00Z', statedAtPrecision: 'day' }),
      400,
      'invalid_timestamp',
    );
    await s.refuse(
      TRANSFERS,
      transfer('bad', 'ua-hq', 1, { statedAt: '2025-06-20', statedAtPrecision: 'sometime' }),
      400,
      'validation_failed',
    );
    // A corroboration on 17 June cannot confirm a bulletin of 20 June.
    await s.refuse(
      `/agreements/${AG}/claims/ua-day/corroborations`,
      { sourceId: 'icrc', statedAt: '2025-06-17' },
      422,
      'corroboration_before_claim',
    );
  });

  it('accepts what may follow the claim: a corroboration the day before, a revision around it', async () => {
    // 19 June lasts until 20 June 12:00Z somewhere; 20 June begins on 19 June 10:00Z somewhere.
    await s.accept(`/agreements/${AG}/claims/ua-day/corroborations`, {
      sourceId: 'icrc',
      statedAt: '2025-06-19',
    });
    await s.accept(`/agreements/${AG}/claims/ru-around/revisions`, {
      newClaimId: 'ru-revised',
      quantity: { value: 1005, precision: 'exact' },
      reason: 'recount',
      statedAt: '2025-06-18',
    });
    const revised = (await s.query(`/claims/ru-revised`)).body.claim;
    expect(revised).toMatchObject({ statedAt: '2025-06-18', statedAtPrecision: 'day' });
    const trail = (await s.query(`/claims/ru-revised/audit-trail`, '', 'auditor')).body.items as {
      change: Record<string, unknown>;
    }[];
    expect(trail.find((e) => e.change.what === 'revision')?.change).toMatchObject({
      statedAtPrecision: 'day',
    });
  });
});
