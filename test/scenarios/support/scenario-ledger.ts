import type { TotalsGroup } from '@ledger/projections';
import { get, post } from '../../projections/support/query-ledger';
import { type Answer } from '../../support/http';
import { SseReader } from '../../subscriptions/support/sse-reader';
import { oneKeyPerRole, startTestLedger } from '../../support/test-ledger';

/** The stores each scenario runs on: a real SQLite file, and the esdb adapter over the gRPC double. */
export const SCENARIO_STORES = ['sqlite', 'esdb'] as const;

/**
 * One negotiation entered through the HTTP API as a recorder would, on a real store: each
 * command's answer is checked, and every query waits (minPosition) for the read models to hold
 * the last accepted command.
 */
export interface Scenario {
  /** The position of the last accepted command. */
  readonly head: () => string;
  /** Posts a command that must be accepted (201); returns its position. */
  readonly accept: (path: string, body: unknown) => Promise<string>;
  /** Posts a command that must be refused with this status and problem code; nothing is written. */
  readonly refuse: (path: string, body: unknown, status: number, code: string) => Promise<void>;
  /** A query as an analyst, waiting for the last accepted command; `query` starts with '&'. */
  readonly query: (path: string, query?: string, as?: 'analyst' | 'auditor') => Promise<Answer>;
  /** The agreement's totals groups (optionally filtered), one per term, direction and measure. */
  readonly totals: (agreementId: string, query?: string) => Promise<TotalsGroup[]>;
  /** The events of these types recorded so far, as a subscriber reads them (SSE, until caught up). */
  readonly events: (types: string) => Promise<unknown[]>;
  readonly close: () => Promise<void>;
}

export async function startScenario(store: (typeof SCENARIO_STORES)[number]): Promise<Scenario> {
  const keys = oneKeyPerRole(['recorder', 'analyst', 'auditor', 'subscriber'] as const);
  const running = await startTestLedger({
    store,
    sqlite: { synchronous: 'NORMAL' },
    auth: { apiKeys: keys.records },
    // No background checkpoints: a checkpoint event would move the log's head between a refused
    // command and the check that it wrote nothing.
    config: { LEDGER_CHECKPOINTER: 'off' },
  });
  const ledger = { url: running.url, tokens: keys.tokens };
  let head = '0';
  const query = async (
    path: string,
    filter = '',
    as: 'analyst' | 'auditor' = 'analyst',
  ): Promise<Answer> => {
    const joiner = path.includes('?') ? '&' : '?';
    const answer = await get(ledger, `${path}${joiner}minPosition=${head}${filter}`, as);
    if (answer.status !== 200)
      throw new Error(`${path}${filter}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  return {
    head: () => head,
    async accept(path, body) {
      const answer = await post(ledger, path, body);
      if (answer.status !== 201)
        throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      head = answer.body.position as string;
      return head;
    },
    async refuse(path, body, status, code) {
      const answer = await post(ledger, path, body);
      expect({ path, status: answer.status, code: answer.body?.code }).toEqual({
        path,
        status,
        code,
      });
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // Nothing written: the log's head is still the last accepted command.
      const after = await query('/agreements');
      expect(after.body.asOfPosition).toBe(head);
    },
    query,
    async totals(agreementId, filter = '') {
      const answer = await query(`/agreements/${agreementId}/totals`, filter);
      return answer.body.totals as TotalsGroup[];
    },
    async events(types) {
      const reader = new SseReader(`${running.url}/subscriptions/all?types=${types}`, {
        authorization: `Bearer ${keys.tokens.subscriber}`,
      });
      try {
        await reader.until((r) => r.frames.some((f) => f.event === 'caughtUp'));
        return reader.events.map((f) => JSON.parse(f.data ?? 'null') as unknown);
      } finally {
        reader.close();
      }
    },
    close: () => running.close(),
  };
}

/** The totals group of one term and direction. */
export function groupOf(groups: readonly TotalsGroup[], termId: string, from: string): TotalsGroup {
  const group = groups.find((g) => g.termId === termId && g.direction.from === from);
  if (group === undefined) throw new Error(`no totals for ${termId} from ${from}`);
  return group;
}

const byText =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a).localeCompare(key(b));

/**
 * Each claimant's totals (by source id; the rules fix no order): its phases as [label, claim id]
 * by label, phase sum, stated total's claim id, reconciliation without its `since`.
 */
export function claimantSummary(group: TotalsGroup): unknown[] {
  return [...group.claimants].sort(byText((c) => c.sourceId)).map((c) => ({
    sourceId: c.sourceId,
    phases: [...c.phases].sort(byText((p) => p.phase)).map((p) => [p.phase, p.claimId]),
    phaseSum: c.phaseSum,
    statedTotal: c.statedTotal === null ? null : c.statedTotal.claimId,
    reconciliation:
      c.reconciliation === null
        ? null
        : {
            outcome: c.reconciliation.outcome,
            kind: c.reconciliation.kind,
            gap: c.reconciliation.gap,
          },
  }));
}

/** The phases across claimants, by label: claim ids (sorted), range and spread. */
export function phaseSummary(group: TotalsGroup): unknown[] {
  return [...group.phases].sort(byText((p) => p.phase)).map((p) => ({
    phase: p.phase,
    claimIds: p.figures.map((f) => f.claimId).sort(),
    range: p.range,
    spread: p.spread,
  }));
}

/** The disputes of an agreement: id, kind, open, claim ids (sorted), delta. */
export async function disputesOf(
  scenario: Scenario,
  agreementId: string,
  filter = '',
): Promise<unknown[]> {
  const answer = await scenario.query(`/discrepancies?agreementId=${agreementId}`, filter);
  return (answer.body.items as Record<string, unknown>[]).map((d) => ({
    id: d.discrepancyId,
    kind: d.kind,
    open: d.open,
    claimIds: [...(d.claimIds as string[])].sort(),
    delta: d.delta,
  }));
}

/** A group's fulfilment with each claimant (by source id) and its claim ids sorted. */
export function fulfilmentSummary(group: TotalsGroup): unknown {
  const sorted = <T extends { claimIds: readonly string[] }>(v: T | null) =>
    v === null ? null : { ...v, claimIds: [...v.claimIds].sort() };
  return {
    ...group.fulfilment,
    claimants: [...group.fulfilment.claimants]
      .sort(byText((c) => c.sourceId))
      .map((c) => ({ ...c, phaseSum: sorted(c.phaseSum), statedTotal: sorted(c.statedTotal) })),
  };
}
