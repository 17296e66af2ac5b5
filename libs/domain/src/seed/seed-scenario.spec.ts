import { type AgreementEvent, type TransferReported } from '../agreements/agreement-events';
import { type AgreementState, type SignedAgreement } from '../agreements/agreement-state';
import { agreementDecider } from '../agreements/agreement-decider';
import { eventDataAsJson, type LedgerEvent } from '../ledger';
import { foldEvents } from '../shared/messages';
import { agreementStreamFor, offerStreamFor } from '../shared/streams';
import { InMemoryLedger } from '../testing/in-memory-ledger';
import { SEED_IDS, SEED_SCENARIO } from './seed-scenario';

const { claims: C, sources: S } = SEED_IDS;

function runSeed(): InMemoryLedger {
  const ledger = new InMemoryLedger();
  ledger.executeAll(SEED_SCENARIO);
  return ledger;
}

function signed(state: AgreementState): SignedAgreement {
  if (state.status !== 'signed') throw new Error('the seed agreement was not signed');
  return state;
}

function eventsOfType<T extends LedgerEvent['type']>(
  events: readonly LedgerEvent[],
  type: T,
): Extract<LedgerEvent, { type: T }>[] {
  return events.filter((e): e is Extract<LedgerEvent, { type: T }> => e.type === type);
}

describe('the seed scenario (the EWN article) run through the deciders', () => {
  const ledger = runSeed();
  const agreementEvents = ledger.eventsOf(agreementStreamFor(SEED_IDS.agreement));
  const agreement = signed(ledger.agreement(SEED_IDS.agreement));
  const reported = (claimId: string): TransferReported['data'] | undefined =>
    eventsOfType(agreementEvents, 'TransferReported').find((e) => e.data.claimId === claimId)?.data;

  it('stores 1,245 and 1,248 side by side, each with its source', () => {
    expect(reported(C.uaFinal1245)).toMatchObject({
      sourceId: S.uaHq,
      quantity: { value: 1245, precision: 'exact' },
      scope: { kind: 'phase', phase: 'final' },
    });
    expect(reported(C.ruFinal1248)).toMatchObject({
      sourceId: S.ruMod,
      quantity: { value: 1248, precision: 'exact' },
      scope: { kind: 'phase', phase: 'final' },
    });
    expect(reported(C.uaFinal1245)?.quantityKey).toBe(reported(C.ruFinal1248)?.quantityKey);
    expect([
      agreement.claims.get(C.uaFinal1245)?.status,
      agreement.claims.get(C.ruFinal1248)?.status,
    ]).toEqual(['live', 'live']);
  });

  it('detects the discrepancy of 3 by rule, caused by the second claim, and leaves it open', () => {
    const disputes = eventsOfType(agreementEvents, 'FigureDisputed');
    expect(disputes).toHaveLength(1);
    expect(disputes[0]?.data).toMatchObject({
      disputeId: SEED_IDS.disputes.finalPhase,
      delta: 3,
      detectedBy: 'rule',
      rule: 'interval_disjoint',
      causedBy: { claimId: C.ruFinal1248 },
      claims: [
        { claimId: C.uaFinal1245, sourceId: S.uaHq, quantity: { value: 1245, precision: 'exact' } },
        {
          claimId: C.ruFinal1248,
          sourceId: S.ruMod,
          quantity: { value: 1248, precision: 'exact' },
        },
      ],
    });
    expect(agreement.disputes.get(SEED_IDS.disputes.finalPhase)?.status).toBe('open');
    const batch = ledger.log.map((l) => l.event.type);
    expect(batch[batch.indexOf('FigureDisputed') - 1]).toBe('TransferReported');
  });

  it('stores "over 6,000" as at least 6,000, a cumulative claim on its own key', () => {
    expect(reported(C.umerovOver6000)).toMatchObject({
      sourceId: S.umerov,
      quantity: { value: 6000, precision: 'at_least' },
      scope: { kind: 'cumulative', period: 'past week' },
    });
  });

  it('stores 51 received this phase and 78 in total, and records the 27 the phases do not account for', () => {
    expect(reported(C.ruReceived51)).toMatchObject({
      quantity: { value: 51, precision: 'exact' },
      direction: { from: 'ukraine', to: 'russia' },
      scope: { kind: 'phase', phase: 'final' },
    });
    expect(reported(C.ruReceivedTotal78)).toMatchObject({
      quantity: { value: 78, precision: 'exact' },
      direction: { from: 'ukraine', to: 'russia' },
      scope: { kind: 'cumulative' },
    });
    const totals = eventsOfType(agreementEvents, 'TotalsDiscrepancyDetected');
    expect(totals.map((t) => t.data)).toEqual([
      expect.objectContaining({
        claimantSourceId: S.ruMod,
        kind: 'phases_short_of_total',
        gap: 27,
        phaseSum: { lower: 51, upper: 51 },
        cumulativeClaim: {
          claimId: C.ruReceivedTotal78,
          quantity: { value: 78, precision: 'exact' },
        },
      }),
    ]);
    expect(eventsOfType(agreementEvents, 'TotalsReconciled')).toEqual([]);
  });

  it('keeps the unilateral offer of 2,239 beyond the agreement pending', () => {
    expect(ledger.offer(offerStreamFor(SEED_IDS.offers.ru2239))).toMatchObject({
      status: 'pending',
      by: 'russia',
      to: 'ukraine',
      quantity: { value: 2239, precision: 'exact' },
      beyondAgreement: true,
    });
  });

  it('keeps both characterisations, the second contesting the first, with no winner', () => {
    const framings = eventsOfType(agreementEvents, 'CharacterizationClaimed').map((e) => e.data);
    expect(framings).toEqual([
      expect.objectContaining({
        claimId: C.uaMutual,
        sourceId: S.uaHq,
        value: 'mutual_exchange',
        contestedClaimIds: [],
      }),
      expect.objectContaining({
        claimId: C.ruUnilateral,
        sourceId: S.ruMod,
        value: 'unilateral_humanitarian',
        contestedClaimIds: [C.uaMutual],
      }),
    ]);
    expect([
      agreement.claims.get(C.uaMutual)?.status,
      agreement.claims.get(C.ruUnilateral)?.status,
    ]).toEqual(['live', 'live']);
  });

  it('stores the completion claim on the repatriation term', () => {
    expect(
      eventsOfType(agreementEvents, 'AgreementTermCompletionClaimed').map((e) => e.data),
    ).toEqual([
      expect.objectContaining({
        claimId: C.uaCompletion,
        termId: SEED_IDS.terms.repatriation,
        sourceId: S.uaHq,
      }),
    ]);
  });

  it('stores the news agency and the website as relays, never as independent confirmation', () => {
    expect(agreement.claims.get(C.uaFinal1245)?.corroborations).toEqual([
      { sourceId: S.ewn, independence: 'relay' },
      { sourceId: S.ajTechnicalDr, independence: 'relay' },
    ]);
    expect(agreement.claims.get(C.ruFinal1248)?.corroborations).toEqual([
      { sourceId: S.ewn, independence: 'relay' },
    ]);
    expect(ledger.sources().get(S.ajTechnicalDr)).toMatchObject({ kind: 'media', relayOf: S.ewn });
  });

  it('writes only plain JSON, replays to the same state, and appends each event once', () => {
    expect(() => ledger.log.forEach(({ event }) => eventDataAsJson(event))).not.toThrow();
    const replayed = foldEvents(
      agreementDecider,
      JSON.parse(JSON.stringify(agreementEvents)) as AgreementEvent[],
    );
    expect(replayed).toEqual(agreement);
    expect(ledger.log.map((l) => l.event.type)).toEqual([
      ...Array<string>(6).fill('SourceRegistered'),
      'AgreementSigned',
      'TransferReported',
      'TransferReported',
      'FigureDisputed',
      'TransferReported',
      'TransferReported',
      'TransferReported',
      'TotalsDiscrepancyDetected',
      'AgreementTermCompletionClaimed',
      'CharacterizationClaimed',
      'CharacterizationClaimed',
      'OfferMade',
      'ClaimCorroborated',
      'ClaimCorroborated',
      'ClaimCorroborated',
    ]);
  });

  it('refuses to run twice: every command is decided against the history it created', () => {
    expect(() => ledger.execute(SEED_SCENARIO[0]!)).toThrow(
      expect.objectContaining({ code: 'source_already_registered' }),
    );
    expect(() => ledger.execute(SEED_SCENARIO[7]!)).toThrow(
      expect.objectContaining({ code: 'claim_already_exists' }),
    );
  });
});
