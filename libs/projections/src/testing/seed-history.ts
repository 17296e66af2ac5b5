import { type LedgerCommand, SEED_IDS, SEED_SCENARIO } from '@ledger/domain';
import { createMemoryEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { LedgerWriter } from './ledger-writer';

/** What happened after the article, for specs that follow claims further: all stated on 18-19 June. */
const NOW = { now: '2025-06-19T12:00:00Z' } as const;
const { agreement: agreementId, claims: C, sources: S, disputes: D, offers: O } = SEED_IDS;

export const FOLLOW_UP = {
  /** Russia's MoD corrects its 1,248 to 1,245: the dispute's values converge and the rule resolves it. */
  ruRevisesTo1245: {
    type: 'ReviseClaim',
    metadata: NOW,
    data: {
      agreementId,
      claimId: C.ruFinal1248,
      newClaimId: 'claim-ru-mod-final-1245',
      quantity: { value: 1245, precision: 'exact' },
      reason: 'corrected count',
      statedAt: '2025-06-18T09:00:00Z',
    },
  },
  /** Russia's MoD retracts its 51: its phases no longer compare with its total of 78. */
  ruRetracts51: {
    type: 'RetractClaim',
    metadata: NOW,
    data: {
      agreementId,
      claimId: C.ruReceived51,
      reason: 'statement withdrawn',
      statedAt: '2025-06-18T10:00:00Z',
    },
  },
  acknowledgeDispute: {
    type: 'ChangeDisputeStatus',
    metadata: NOW,
    data: {
      agreementId,
      disputeId: D.finalPhase,
      status: 'acknowledged',
      reason: 'both ministries asked to reconcile their counts',
    },
  },
  ukraineDeclinesOffer: {
    type: 'AnswerOffer',
    metadata: NOW,
    data: {
      offerId: O.ru2239,
      answer: 'declined',
      sourceId: S.uaHq,
      statedAt: '2025-06-18T12:00:00Z',
    },
  },
  ruRevisesOffer: {
    type: 'ReviseOffer',
    metadata: NOW,
    data: {
      offerId: O.ru2239,
      sourceId: S.ruMod,
      quantity: { value: 2300, precision: 'about' },
      reason: 'recount',
      statedAt: '2025-06-18T11:00:00Z',
    },
  },
} as const satisfies Record<string, LedgerCommand>;

/**
 * A running total of the bodies returned to Ukraine "since the exchanges began", stated on 18 June
 * (one gap, one finding: Kyiv's 6,245 and Moscow's 6,248 differ by 3, as their final phases do).
 */
export function runningTotalAfterSeed(
  claimId: string,
  sourceId: string,
  value: number,
): Extract<LedgerCommand, { type: 'ReportTransfer' }> {
  return {
    type: 'ReportTransfer',
    metadata: NOW,
    data: {
      agreementId,
      claimId,
      termId: SEED_IDS.terms.repatriation,
      direction: { from: 'russia', to: 'ukraine' },
      measure: 'bodies',
      quantity: { value, precision: 'exact' },
      scope: { kind: 'cumulative', period: 'since the exchanges began' },
      statedAt: '2025-06-18T12:00:00Z',
      sourceId,
    },
  };
}

/** The seed scenario appended to a fresh memory store (one append per command), with the positions of each command. */
export async function seededStore(
  extra: readonly LedgerCommand[] = [],
  clock?: () => number,
): Promise<{ store: EventStore; events: RecordedEvent[]; writer: LedgerWriter }> {
  const store = createMemoryEventStore(clock ? { clock } : {});
  const writer = new LedgerWriter(store);
  await writer.executeAll([...SEED_SCENARIO, ...extra]);
  return { store, events: await store.readAll(), writer };
}
