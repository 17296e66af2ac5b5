import { type LedgerCommand, SEED_IDS } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import {
  AUDIT_ENTRIES,
  AUDIT_EVENTS,
  entryChange,
  type AuditEntryRow,
  type AuditEventRow,
  CLAIMS,
  DISCREPANCIES,
  OFFERS,
  RECONCILIATIONS,
  SOURCES,
} from '../read-model/tables';
import { MemoryReadModels } from '../testing/memory-read-models';
import { FOLLOW_UP, runningTotalAfterSeed, seededStore } from '../testing/seed-history';
import { projectEvent } from './project';
import { toProjectedEvent } from './projected-event';

const { claims: C, sources: S, disputes: D, offers: O } = SEED_IDS;
const AGREEMENT = SEED_IDS.agreement;

/** Given the seed scenario and `extra` commands, the read models' current rows (pure projection, no SQLite). */
async function project(
  extra: readonly LedgerCommand[] = [],
): Promise<{ models: MemoryReadModels; events: RecordedEvent[] }> {
  const { events } = await seededStore(extra);
  const models = new MemoryReadModels();
  for (const recorded of events) {
    const e = toProjectedEvent(recorded);
    if (e) models.apply(projectEvent(e, models));
  }
  return { models, events };
}

type TrailEntry = AuditEntryRow & AuditEventRow;

/** A claim's entries in order, each with the event it records. */
const trail = (models: MemoryReadModels, claimId: string): TrailEntry[] =>
  models
    .rows(AUDIT_ENTRIES)
    .filter((r) => r.claim_id === claimId)
    .sort((a, b) => Number(a.position - b.position))
    .map((r) => {
      const event = models.get(AUDIT_EVENTS, { position: r.position }) as AuditEventRow;
      return { ...r, ...event, change: entryChange(r, event) };
    });

describe('the projections, given the seed scenario', () => {
  it('keeps 1,245 and 1,248 as two live claims, each with its source', async () => {
    const { models } = await project();
    expect(models.get(CLAIMS, { agreement_id: AGREEMENT, claim_id: C.uaFinal1245 })).toMatchObject({
      source_id: S.uaHq,
      quantity: { value: 1245, precision: 'exact' },
      status: 'live',
      phase: 'final',
    });
    expect(models.get(CLAIMS, { agreement_id: AGREEMENT, claim_id: C.ruFinal1248 })).toMatchObject({
      source_id: S.ruMod,
      quantity: { value: 1248, precision: 'exact' },
      status: 'live',
    });
    expect(
      models.get(CLAIMS, { agreement_id: AGREEMENT, claim_id: C.umerovOver6000 }),
    ).toMatchObject({
      quantity: { value: 6000, precision: 'at_least' },
      scope_kind: 'cumulative',
      period: 'past week',
      occurred_start: null,
    });
    expect(
      models.get(CLAIMS, { agreement_id: AGREEMENT, claim_id: C.uaFinal1245 })?.occurred_start,
    ).toBe('2025-06-16T00:00:00.000Z');
  });

  it('records the open discrepancy of 3 caused by the second claim, and the 27 Russia does not account for', async () => {
    const { models } = await project();
    expect(
      models.get(DISCREPANCIES, { agreement_id: AGREEMENT, discrepancy_id: D.finalPhase }),
    ).toMatchObject({
      kind: 'figure',
      status: 'open',
      is_open: 1,
      delta: 3,
      detected_by: 'rule',
      caused_by_claim_id: C.ruFinal1248,
      claim_ids: [C.uaFinal1245, C.ruFinal1248],
    });
    const totals = models.rows(DISCREPANCIES).filter((d) => d.kind === 'totals');
    expect(totals).toEqual([
      expect.objectContaining({
        claimant_source_id: S.ruMod,
        totals_kind: 'phases_short_of_total',
        delta: 27,
        is_open: 1,
      }),
    ]);
    expect(models.rows(RECONCILIATIONS)).toEqual([
      expect.objectContaining({ outcome: 'discrepancy', gap: 27, claimant_source_id: S.ruMod }),
    ]);
  });

  it('keeps the corroborations as relays and the rival framings, each knowing who contests it', async () => {
    const { models } = await project();
    expect(
      models.get(CLAIMS, { agreement_id: AGREEMENT, claim_id: C.uaFinal1245 })?.corroborations,
    ).toEqual([
      expect.objectContaining({ sourceId: S.ewn, independence: 'relay' }),
      expect.objectContaining({ sourceId: S.ajTechnicalDr, independence: 'relay' }),
    ]);
    expect(models.get(CLAIMS, { agreement_id: AGREEMENT, claim_id: C.uaMutual })).toMatchObject({
      value: 'mutual_exchange',
      contested_by: [C.ruUnilateral],
      status: 'live',
    });
    expect(models.get(CLAIMS, { agreement_id: AGREEMENT, claim_id: C.ruUnilateral })).toMatchObject(
      {
        contests: [C.uaMutual],
        contested_by: [],
      },
    );
    expect(models.get(SOURCES, { source_id: S.ajTechnicalDr })).toMatchObject({
      kind: 'media',
      relay_of: S.ewn,
    });
    expect(models.get(OFFERS, { offer_id: O.ru2239 })).toMatchObject({
      status: 'pending',
      quantity: { value: 2239, precision: 'exact' },
      beyond_agreement: 1,
    });
  });

  it("writes each claim's audit trail with actor, causation and what the report caused", async () => {
    const { models, events } = await project();
    const entries = trail(models, C.ruFinal1248);
    expect(entries.map((e) => e.event_type)).toEqual([
      'TransferReported',
      'FigureDisputed',
      'ClaimCorroborated',
    ]);
    const [reported, disputed] = entries as [TrailEntry, TrailEntry];
    expect(reported).toMatchObject({
      actor: 'desk-1',
      command_name: 'ReportTransfer',
      source_id: S.ruMod,
      stated_at: '2025-06-17T10:15:00.000Z',
      change: expect.objectContaining({ what: 'reported' }),
    });
    expect(reported.caused).toEqual([
      { event: 'FigureDisputed', position: disputed.position.toString(), disputeId: D.finalPhase },
    ]);
    expect(disputed.causation_id).toBe(events.find((e) => e.position === reported.position)?.id);
    expect(trail(models, C.ruReceivedTotal78)[0]?.caused).toEqual([
      expect.objectContaining({ event: 'TotalsDiscrepancyDetected' }),
    ]);
  });

  it('stores the change a dispute records for each of its claims once, with the event', async () => {
    const { models } = await project();
    const disputed = trail(models, C.ruFinal1248)[1] as TrailEntry;
    const rows = models.rows(AUDIT_ENTRIES).filter((r) => r.position === disputed.position);
    expect(rows.map((r) => r.claim_id).sort()).toEqual([C.uaFinal1245, C.ruFinal1248].sort());
    expect(rows.map((r) => r.change)).toEqual([null, null]);
    const change = { what: 'disputed', disputeId: D.finalPhase, delta: 3 };
    expect(models.get(AUDIT_EVENTS, { position: disputed.position })?.change).toMatchObject(change);
    expect(trail(models, C.uaFinal1245).map((e) => e.change)).toContainEqual(
      expect.objectContaining(change),
    );
  });
});

describe('the projections: one gap, one finding', () => {
  const TOTALS_DISPUTE = 'dispute-ru-total-6248';
  const totals = [
    runningTotalAfterSeed('ua-total-6245', S.uaHq, 6245),
    runningTotalAfterSeed('ru-total-6248', S.ruMod, 6248),
  ];
  const linksOf = (models: MemoryReadModels, id: string) =>
    models.get(DISCREPANCIES, { agreement_id: AGREEMENT, discrepancy_id: id })?.linked_dispute_ids;

  it('names the link on the later dispute and, in a new version, on the earlier one', async () => {
    const { models } = await project(totals);
    expect(linksOf(models, TOTALS_DISPUTE)).toEqual([D.finalPhase]);
    expect(linksOf(models, D.finalPhase)).toEqual([TOTALS_DISPUTE]);
  });

  it('drops the link both ways when the totals no longer differ by the same delta', async () => {
    const ruRevises: LedgerCommand = {
      type: 'ReviseClaim',
      metadata: { now: '2025-06-19T12:00:00Z' },
      data: {
        agreementId: AGREEMENT,
        claimId: 'ru-total-6248',
        newClaimId: 'ru-total-6260',
        quantity: { value: 6260, precision: 'exact' },
        reason: 'recounted',
        statedAt: '2025-06-18T13:00:00Z',
      },
    };
    const { models } = await project([...totals, ruRevises]);
    const totalsDispute = models
      .rows(DISCREPANCIES)
      .find((d) => d.kind === 'figure' && d.discrepancy_id !== D.finalPhase);
    expect(totalsDispute).toMatchObject({ delta: 15, linked_dispute_ids: [] });
    expect(linksOf(models, D.finalPhase)).toEqual([]);
  });

  it('drops the link when the phase figures converge (delta 0): the totals gap is its own finding', async () => {
    const { models } = await project([...totals, FOLLOW_UP.ruRevisesTo1245]);
    expect(
      models.get(DISCREPANCIES, { agreement_id: AGREEMENT, discrepancy_id: D.finalPhase }),
    ).toMatchObject({ is_open: 0, delta: 0, linked_dispute_ids: [] });
    expect(linksOf(models, 'dispute-ru-total-6248')).toEqual([]);
  });

  it('keeps the link on both when a person resolves one of them: it was one finding', async () => {
    const resolve: LedgerCommand = {
      ...FOLLOW_UP.acknowledgeDispute,
      data: { ...FOLLOW_UP.acknowledgeDispute.data, status: 'resolved', reason: 'counted again' },
    };
    const { models } = await project([...totals, resolve]);
    expect(
      models.get(DISCREPANCIES, { agreement_id: AGREEMENT, discrepancy_id: D.finalPhase }),
    ).toMatchObject({ is_open: 0, linked_dispute_ids: ['dispute-ru-total-6248'] });
    expect(linksOf(models, 'dispute-ru-total-6248')).toEqual([D.finalPhase]);
  });
});

describe('the projections, following claims after the article', () => {
  it('supersedes a revised claim and resolves the dispute whose values converged', async () => {
    const { models } = await project([FOLLOW_UP.ruRevisesTo1245]);
    expect(models.get(CLAIMS, { agreement_id: AGREEMENT, claim_id: C.ruFinal1248 })).toMatchObject({
      status: 'superseded',
      superseded_by: 'claim-ru-mod-final-1245',
      ended_stated_at: '2025-06-18T09:00:00.000Z',
    });
    expect(
      models.get(CLAIMS, { agreement_id: AGREEMENT, claim_id: 'claim-ru-mod-final-1245' }),
    ).toMatchObject({
      status: 'live',
      supersedes: C.ruFinal1248,
      quantity: { value: 1245, precision: 'exact' },
      source_id: S.ruMod,
      phase: 'final',
      occurred_start: '2025-06-16T00:00:00.000Z',
      corroborations: [],
    });
    expect(
      models.get(DISCREPANCIES, { agreement_id: AGREEMENT, discrepancy_id: D.finalPhase }),
    ).toMatchObject({
      status: 'resolved',
      is_open: 0,
      delta: 0,
      status_reason: 'values converged',
    });
    const revision = trail(models, 'claim-ru-mod-final-1245')[0];
    expect(revision?.caused).toEqual([
      { effect: 'supersession', claimId: C.ruFinal1248, supersededBy: 'claim-ru-mod-final-1245' },
      expect.objectContaining({ event: 'DisputeClaimsChanged', disputeId: D.finalPhase }),
      expect.objectContaining({ event: 'DisputeStatusChanged', disputeId: D.finalPhase }),
    ]);
    expect(trail(models, C.uaFinal1245).map((e) => e.event_type)).toEqual([
      'TransferReported',
      'FigureDisputed',
      'ClaimCorroborated',
      'ClaimCorroborated',
      'DisputeClaimsChanged',
      'DisputeStatusChanged',
    ]);
    expect(trail(models, C.ruFinal1248).at(-1)?.change).toMatchObject({
      what: 'dispute_claims_changed',
      role: 'left',
    });
  });

  it('withdraws the totals discrepancy when the phase figure is retracted', async () => {
    const { models } = await project([FOLLOW_UP.ruRetracts51]);
    expect(models.get(CLAIMS, { agreement_id: AGREEMENT, claim_id: C.ruReceived51 })).toMatchObject(
      {
        status: 'retracted',
        ended_reason: 'statement withdrawn',
      },
    );
    expect(models.rows(RECONCILIATIONS)).toEqual([
      expect.objectContaining({ outcome: 'not_comparable', gap: null }),
    ]);
    expect(models.rows(DISCREPANCIES).find((d) => d.kind === 'totals')).toMatchObject({
      status: 'not_comparable',
      is_open: 0,
    });
    expect(trail(models, C.ruReceivedTotal78).at(-1)?.change).toMatchObject({
      what: 'totals_no_longer_comparable',
    });
  });

  it("keeps an acknowledged dispute open, and records the offer's revision and answer", async () => {
    const { models } = await project([
      FOLLOW_UP.acknowledgeDispute,
      FOLLOW_UP.ruRevisesOffer,
      FOLLOW_UP.ukraineDeclinesOffer,
    ]);
    expect(
      models.get(DISCREPANCIES, { agreement_id: AGREEMENT, discrepancy_id: D.finalPhase }),
    ).toMatchObject({
      status: 'acknowledged',
      is_open: 1,
      status_by: 'person',
    });
    expect(models.get(OFFERS, { offer_id: O.ru2239 })).toMatchObject({
      status: 'declined',
      quantity: { value: 2300, precision: 'about' },
      revisions: [
        expect.objectContaining({ previousQuantity: { value: 2239, precision: 'exact' } }),
      ],
      answer: expect.objectContaining({ answer: 'declined', sourceId: S.uaHq }),
    });
  });
});

describe('which stored events the projections read', () => {
  const stored = (type: string, metadata: Record<string, string | number> = {}): RecordedEvent => ({
    id: 'e-1',
    type,
    data: { sourceId: 's', name: 'n', kind: 'media' },
    metadata,
    stream: 'source-s',
    revision: 0n,
    position: 1n,
    recordedAt: new Date(0),
  });

  it('skips events the ledger does not own, and refuses a schema version it does not know', () => {
    expect(toProjectedEvent(stored('AuditCheckpointSigned'))).toBeUndefined();
    expect(toProjectedEvent(stored('SourceRegistered', { actor: 'desk-9' }))).toMatchObject({
      actor: 'desk-9',
      correlationId: null,
      recordedAt: '1970-01-01T00:00:00.000Z',
    });
    expect(() => toProjectedEvent(stored('SourceRegistered', { schemaVersion: 2 }))).toThrow(
      expect.objectContaining({ code: 'unsupported_schema_version' }),
    );
  });
});
