import type { DiscrepancyView } from '@ledger/projections';
import { get, post, type QueryLedger } from '../projections/support/query-ledger';
import {
  oneKeyPerRole,
  type RunningTestLedger,
  startTestLedger,
  type TestStoreKind,
} from '../support/test-ledger';
import { registerMinistries, signExchange } from './support/answers-setup';

/**
 * Issue 19, defect 5 (one gap, one finding), entered through the HTTP API: the two ministries'
 * phase figures differ by 5, and so do the running totals they state afterwards. The totals
 * dispute names the phase dispute, and the phase dispute names it back, from the position the
 * totals dispute was recorded at: as of before it, neither names the other.
 */
const AGREEMENT = 'linked-gaps';
const PHASE_DISPUTE = 'dispute-phase';
const TOTALS_DISPUTE = 'dispute-totals';

describe.each<TestStoreKind>(['sqlite', 'esdb'])('one gap, one finding (%s)', (store) => {
  let running: RunningTestLedger;
  let ledger: { url: string; tokens: QueryLedger['tokens'] };
  let head = '0';
  const positions: Record<string, string> = {};

  const must = async (path: string, body: unknown): Promise<string> => {
    const answer = await post(ledger, path, body);
    if (answer.status !== 201)
      throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    head = answer.body.position as string;
    return head;
  };
  const figure = (claimId: string, sourceId: string, value: number, scope: unknown) =>
    must(`/agreements/${AGREEMENT}/transfers`, {
      claimId,
      sourceId,
      termId: 'exchange',
      direction: { from: 'alpha', to: 'beta' },
      measure: 'prisoners',
      quantity: { value, precision: 'exact' },
      scope,
      statedAt: '2025-07-03T12:00:00Z',
      ...(claimId.startsWith('beta')
        ? { disputeId: claimId.endsWith('phase') ? PHASE_DISPUTE : TOTALS_DISPUTE }
        : {}),
    });
  const discrepancy = async (id: string, at: string): Promise<DiscrepancyView> => {
    const answer = await get(ledger, `/discrepancies/${id}?${at}`);
    expect(answer.status).toBe(200);
    return answer.body.discrepancy as DiscrepancyView;
  };
  const listed = async (at: string): Promise<Record<string, readonly string[]>> => {
    const answer = await get(ledger, `/discrepancies?agreementId=${AGREEMENT}&${at}`);
    expect(answer.status).toBe(200);
    const items = answer.body.items as DiscrepancyView[];
    return Object.fromEntries(
      items.filter((d) => d.kind === 'figure').map((d) => [d.discrepancyId, d.linkedDisputeIds]),
    );
  };

  beforeAll(async () => {
    const keys = oneKeyPerRole(['recorder', 'analyst', 'auditor'] as const);
    running = await startTestLedger({
      store,
      sqlite: { synchronous: 'NORMAL' },
      auth: { apiKeys: keys.records },
    });
    ledger = { url: running.url, tokens: keys.tokens };
    await registerMinistries(must);
    await signExchange(must, AGREEMENT, 'An exchange of prisoners', {
      description: 'Prisoners released by each side',
    });
    const phase = { kind: 'phase', phase: 'first' };
    const total = { kind: 'cumulative', period: 'so far' };
    await figure('alpha-phase', 'alpha-ministry', 100, phase);
    positions.phaseDisputed = await figure('beta-phase', 'beta-ministry', 105, phase);
    await figure('alpha-total', 'alpha-ministry', 300, total);
    positions.totalsDisputed = await figure('beta-total', 'beta-ministry', 305, total);
    // Caught up: every later query answers as of a position the read models hold.
    expect((await get(ledger, `/discrepancies?minPosition=${head}`)).status).toBe(200);
  });

  afterAll(() => running?.close());

  it('names the link on both disputes, in the list and one by one', async () => {
    expect(await listed(`minPosition=${head}`)).toEqual({
      [PHASE_DISPUTE]: [TOTALS_DISPUTE],
      [TOTALS_DISPUTE]: [PHASE_DISPUTE],
    });
    expect(await discrepancy(PHASE_DISPUTE, `minPosition=${head}`)).toMatchObject({
      delta: 5,
      linkedDisputeIds: [TOTALS_DISPUTE],
    });
    expect(await discrepancy(TOTALS_DISPUTE, `minPosition=${head}`)).toMatchObject({
      delta: 5,
      linkedDisputeIds: [PHASE_DISPUTE],
    });
  });

  it('answers as of before the totals dispute with the phase dispute alone, unlinked', async () => {
    const before = `asOfPosition=${positions.phaseDisputed}`;
    expect(await listed(before)).toEqual({ [PHASE_DISPUTE]: [] });
    expect(await discrepancy(PHASE_DISPUTE, before)).toMatchObject({ linkedDisputeIds: [] });
    const at = `asOfPosition=${positions.totalsDisputed}`;
    expect(await discrepancy(PHASE_DISPUTE, at)).toMatchObject({
      linkedDisputeIds: [TOTALS_DISPUTE],
    });
  });

  it('shows the linked pair as one gap in the totals too, as of any position', async () => {
    const openDisputes = async (at: string): Promise<unknown> => {
      const answer = await get(ledger, `/agreements/${AGREEMENT}/totals?${at}`);
      expect(answer.status).toBe(200);
      const [group] = answer.body.totals as { openDisputes: unknown }[];
      return group?.openDisputes;
    };
    expect(await openDisputes(`minPosition=${head}`)).toEqual([
      {
        disputeId: PHASE_DISPUTE,
        quantityKey: `${AGREEMENT}/exchange/alpha->beta/prisoners/phase:first`,
        delta: 5,
        claimIds: ['alpha-phase', 'beta-phase'],
        linkedDisputeIds: [TOTALS_DISPUTE],
      },
      {
        disputeId: TOTALS_DISPUTE,
        quantityKey: `${AGREEMENT}/exchange/alpha->beta/prisoners/cumulative:so%20far`,
        delta: 5,
        claimIds: ['alpha-total', 'beta-total'],
        linkedDisputeIds: [PHASE_DISPUTE],
      },
    ]);
    expect(await openDisputes(`asOfPosition=${positions.phaseDisputed}`)).toMatchObject([
      { disputeId: PHASE_DISPUTE, linkedDisputeIds: [] },
    ]);
    // A statement cut-off has no recorded disputes of its own: null, never today's.
    expect(await openDisputes(`minPosition=${head}&claimedBefore=2025-07-04T00:00:00Z`)).toBeNull();
  });
});
