import fc from 'fast-check';
import type { DiscrepancyView, TotalsGroup } from '@ledger/projections';
import { oneKeyPerRole, type RunningTestLedger, startTestLedger } from '../../support/test-ledger';
import {
  instant,
  type Negotiation,
  negotiation,
  PARTIES,
  plan,
  type Plan,
  SOURCES,
} from './negotiations';
import { type Cut, type OracleGroup, oracleDisputes, oracleTotals } from './oracle';

/**
 * The ledger's answers against the reference oracle, over random negotiations entered through the
 * HTTP API, on SQLite and on the EventStoreDB double: totals (figures, phase sums, stated totals,
 * reconciliation, fulfilment verdicts) at the head, under claimedBefore, under occurredBefore and
 * as of a position, and the open figure disputes. One ledger per adapter, one agreement per run.
 */
const RUNS = Number(process.env.ORACLE_RUNS ?? 100);
const EXAMPLE = process.env.ORACLE_EXAMPLE;
const keys = oneKeyPerRole(['recorder', 'analyst'] as const);

/** The totals as the oracle states them: what the rules decide, not the presentation. */
function normalise(groups: readonly TotalsGroup[]): OracleGroup[] {
  return groups.map((g) => ({
    direction: g.direction,
    claimants: g.claimants.map((c) => ({
      sourceId: c.sourceId,
      phases: c.phases.map((p) => ({ phase: p.phase, claimId: p.claimId })),
      phaseSum: c.phaseSum,
      statedTotal: c.statedTotal?.claimId ?? null,
      reconciliation: c.reconciliation && {
        outcome: c.reconciliation.outcome,
        kind: c.reconciliation.kind,
        gap: c.reconciliation.gap,
      },
    })),
    fulfilment: {
      agreed: g.fulfilment.agreed,
      claimants: g.fulfilment.claimants.map((c) => ({
        sourceId: c.sourceId,
        phaseSum: c.phaseSum && { ...c.phaseSum, claimIds: [...c.phaseSum.claimIds] },
        statedTotal: c.statedTotal && { ...c.statedTotal, claimIds: [...c.statedTotal.claimIds] },
      })),
    },
  }));
}

/** The property on one adapter (one spec file each, so jest runs them side by side). */
export function oracleSuite(store: 'sqlite' | 'esdb'): void {
  describe(`the ledger agrees with the oracle on ${store}`, () => {
    let ledger: RunningTestLedger;
    let runs = 0;

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field
    type Answer = { status: number; body: any };
    const call = async (path: string, body?: unknown): Promise<Answer> => {
      const response = await fetch(`${ledger.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${body === undefined ? keys.tokens.analyst : keys.tokens.recorder}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: await response.json() };
    };

    /** Posts the plan's commands; every one must be accepted. Returns each one's position. */
    async function enter(p: Plan): Promise<string[]> {
      const positions: string[] = [];
      for (const command of p.commands) {
        const answer = await call(command.path, command.body);
        if (answer.status !== 201)
          throw new Error(
            `${command.path} ${JSON.stringify(command.body)}: ${answer.status} ${JSON.stringify(answer.body)}`,
          );
        positions.push(answer.body.position as string);
      }
      return positions;
    }

    const totals = async (p: Plan, query: string): Promise<OracleGroup[]> => {
      const answer = await call(`/agreements/${p.agreementId}/totals?${query}`);
      if (answer.status !== 200)
        throw new Error(`totals ${query}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return normalise(answer.body.totals as TotalsGroup[]);
    };

    beforeAll(async () => {
      ledger = await startTestLedger({
        store,
        sqlite: { synchronous: 'NORMAL' },
        auth: { apiKeys: keys.records, rateLimit: { limit: 1_000_000, windowMs: 60_000 } },
      });
      for (const s of SOURCES) {
        const answer = await call('/sources', { ...s, name: s.sourceId });
        if (answer.status !== 201) throw new Error(`source ${s.sourceId}: ${answer.status}`);
      }
    });
    afterAll(() => ledger.close());

    it(`answers totals, verdicts and disputes as the oracle does, for ${RUNS} negotiations`, async () => {
      await fc.assert(
        fc.asyncProperty(negotiation, async (n) => {
          const p = plan(n, `oracle-${store}-${runs++}`);
          const positions = await enter(p);
          const head = positions.at(-1)!;
          const agreed = n.agreed ?? undefined;
          const expected = (cut: Cut) => oracleTotals(p.claims, agreed, PARTIES, cut);

          expect(await totals(p, `minPosition=${head}`)).toEqual(expected({ upTo: Infinity }));
          const occurredBefore = instant(...n.cuts.occurred);
          expect(await totals(p, `occurredBefore=${occurredBefore}`)).toEqual(
            expected({ upTo: Infinity, occurredBefore }),
          );
          // A statement cut-off as of a random position (the head among them).
          const claimedBefore = instant(...n.cuts.claimed);
          const k = n.cuts.op % positions.length;
          expect(
            await totals(p, `asOfPosition=${positions[k]}&claimedBefore=${claimedBefore}`),
          ).toEqual(expected({ upTo: k, claimedBefore }));

          const open = await call(
            `/discrepancies?agreementId=${p.agreementId}&kind=figure&open=true`,
          );
          const disputes = (open.body.items as DiscrepancyView[]).map((d) => ({
            delta: d.delta,
            claimIds: d.claimIds as string[],
          }));
          const want = oracleDisputes(p.claims, Infinity);
          expect(disputes.map((d) => d.delta).sort()).toEqual(want.map((d) => d.delta).sort());
          for (const d of disputes)
            expect(want.some((w) => d.claimIds.every((id) => w.claimIds.includes(id)))).toBe(true);
        }),
        // ORACLE_EXAMPLE: a counterexample (as fast-check printed it) to replay first.
        {
          numRuns: RUNS,
          examples: EXAMPLE === undefined ? [] : [[JSON.parse(EXAMPLE) as Negotiation]],
        },
      );
    }, 300_000);
  });
}
