import fc from 'fast-check';
import { DomainError, type LedgerCommand, type Precision, SEED_SCENARIO } from '@ledger/domain';
import { LedgerWriter } from './ledger-writer';
import { type EventStore } from '@ledger/event-store';

/**
 * Generated histories for property tests: the seed scenario, then a random run of recorders'
 * commands on the same agreement (reports from several sources on a few keys, revisions,
 * retractions, corroborations, disputes raised and weighed by people, framings, offers). Small
 * figures and mixed precisions make disputes and reconciliations frequent. Commands the domain
 * refuses are skipped, as a recorder would see them refused.
 */

const AGREEMENT = 'istanbul-2025';
const CLAIMANTS = ['ua-coordination-hq', 'ru-mod', 'rustem-umerov', 'turkey-mfa'] as const;
const CORROBORATORS = ['ewn', 'ajtechnicaldr', 'turkey-mfa', 'ua-coordination-hq'] as const;
const DIRECTIONS = [
  { from: 'russia', to: 'ukraine' },
  { from: 'ukraine', to: 'russia' },
] as const;
const PHASES = ['first', 'second', 'final'] as const;
const PRECISIONS: readonly Precision[] = ['exact', 'exact', 'at_least', 'about', 'up_to'];

const quantity = fc.record({
  value: fc.integer({ min: 0, max: 30 }),
  precision: fc.constantFrom(...PRECISIONS),
});

export type Step =
  | {
      kind: 'report';
      source: number;
      direction: number;
      scope: number;
      quantity: { value: number; precision: Precision };
    }
  | { kind: 'revise'; claim: number; quantity: { value: number; precision: Precision } }
  | { kind: 'retract'; claim: number; dated: boolean }
  | { kind: 'corroborate'; claim: number; source: number }
  | { kind: 'raiseDispute'; claim: number }
  | { kind: 'changeDispute'; dispute: number; status: number }
  | { kind: 'characterize'; source: number; value: number }
  | { kind: 'offer'; action: number; value: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      source: fc.nat(3),
      direction: fc.nat(1),
      scope: fc.nat(3),
      quantity,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('revise' as const), claim: fc.nat(40), quantity }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('retract' as const),
      claim: fc.nat(40),
      dated: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('corroborate' as const),
      claim: fc.nat(40),
      source: fc.nat(3),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('raiseDispute' as const), claim: fc.nat(40) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('changeDispute' as const),
      dispute: fc.nat(10),
      status: fc.nat(3),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('characterize' as const),
      source: fc.nat(3),
      value: fc.nat(1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('offer' as const),
      action: fc.nat(2),
      value: fc.integer({ min: 1, max: 3000 }),
    }),
  },
);

export const histories = (maxSteps: number): fc.Arbitrary<Step[]> =>
  fc.array(step, { minLength: 1, maxLength: maxSteps });

/** Statements are made in order, one minute apart, from 18 June; commands are issued on 20 June. */
const metadata = { now: '2025-06-20T00:00:00Z' };
const statedAt = (i: number): string => new Date(Date.UTC(2025, 5, 18) + i * 60_000).toISOString();

interface Known {
  readonly claims: string[];
  readonly disputes: string[];
}

function pick<T>(list: readonly T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

// eslint-disable-next-line complexity -- one case per kind of step, each a line
function toCommand(s: Step, i: number, known: Known): LedgerCommand | undefined {
  const at = statedAt(i);
  switch (s.kind) {
    case 'report': {
      const scope =
        s.scope < 3
          ? { kind: 'phase' as const, phase: PHASES[s.scope] ?? 'final' }
          : { kind: 'cumulative' as const };
      const direction = DIRECTIONS[s.direction] ?? DIRECTIONS[0];
      const data = {
        agreementId: AGREEMENT,
        claimId: `g-claim-${i}`,
        termId: 'repatriation',
        direction,
        measure: 'bodies',
        quantity: s.quantity,
        scope,
        statedAt: at,
        sourceId: CLAIMANTS[s.source] ?? 'ru-mod',
        disputeId: `g-dispute-${i}`,
        occurredAt: { from: '2025-06-16' },
      };
      return { type: 'ReportTransfer', metadata, data };
    }
    case 'revise': {
      const claimId = pick(known.claims, s.claim);
      return claimId === undefined
        ? undefined
        : {
            type: 'ReviseClaim',
            metadata,
            data: {
              agreementId: AGREEMENT,
              claimId,
              newClaimId: `g-claim-${i}`,
              quantity: s.quantity,
              reason: 'recount',
              statedAt: at,
              disputeId: `g-dispute-${i}`,
            },
          };
    }
    case 'retract': {
      const claimId = pick(known.claims, s.claim);
      return claimId === undefined
        ? undefined
        : {
            type: 'RetractClaim',
            metadata,
            data: {
              agreementId: AGREEMENT,
              claimId,
              reason: 'withdrawn',
              ...(s.dated ? { statedAt: at } : {}),
            },
          };
    }
    case 'corroborate': {
      const claimId = pick(known.claims, s.claim);
      return claimId === undefined
        ? undefined
        : {
            type: 'CorroborateClaim',
            metadata,
            data: {
              agreementId: AGREEMENT,
              claimId,
              sourceId: CORROBORATORS[s.source] ?? 'ewn',
              statedAt: at,
            },
          };
    }
    case 'raiseDispute': {
      const claimId = pick(known.claims, s.claim);
      return claimId === undefined
        ? undefined
        : {
            type: 'RaiseDispute',
            metadata,
            data: {
              agreementId: AGREEMENT,
              disputeId: `g-dispute-${i}`,
              claimIds: [claimId],
              reason: 'implausible figure',
            },
          };
    }
    case 'changeDispute': {
      const disputeId = pick(known.disputes, s.dispute);
      const status =
        (['acknowledged', 'explained', 'resolved', 'unaddressed'] as const)[s.status] ?? 'resolved';
      return disputeId === undefined
        ? undefined
        : {
            type: 'ChangeDisputeStatus',
            metadata,
            data: { agreementId: AGREEMENT, disputeId, status, reason: 'weighed by the desk' },
          };
    }
    case 'characterize':
      return {
        type: 'ClaimCharacterization',
        metadata,
        data: {
          agreementId: AGREEMENT,
          claimId: `g-claim-${i}`,
          termId: 'repatriation',
          property: 'reciprocity',
          value: s.value === 0 ? 'mutual' : 'unilateral',
          sourceId: CLAIMANTS[i % CLAIMANTS.length] ?? 'ru-mod',
          statedAt: at,
        },
      };
    case 'offer': {
      const offerId = 'offer-ru-2239-beyond-istanbul';
      if (s.action === 0)
        return {
          type: 'ReviseOffer',
          metadata,
          data: {
            offerId,
            sourceId: 'ru-mod',
            quantity: { value: s.value, precision: 'exact' },
            reason: 'recount',
            statedAt: at,
          },
        };
      return {
        type: 'AnswerOffer',
        metadata,
        data: {
          offerId,
          answer: s.action === 1 ? 'declined' : 'accepted',
          sourceId: 'ua-coordination-hq',
          statedAt: at,
        },
      };
    }
  }
}

/** Appends the seed scenario and the steps the domain accepts; returns how many steps were refused. */
export async function writeHistory(
  store: EventStore,
  steps: readonly Step[],
): Promise<{ refused: number }> {
  const writer = new LedgerWriter(store);
  await writer.executeAll(SEED_SCENARIO);
  const known: Known = {
    claims: [
      'claim-ua-hq-final-1245',
      'claim-ru-mod-final-1248',
      'claim-ru-mod-received-51',
      'claim-ru-mod-received-total-78',
    ],
    disputes: ['dispute-final-phase-russia-to-ukraine'],
  };
  let refused = 0;
  for (const [i, s] of steps.entries()) {
    const command = toCommand(s, i, known);
    if (command === undefined) continue;
    try {
      const { events } = await writer.execute(command);
      for (const e of events) {
        if (e.type === 'TransferReported' || e.type === 'CharacterizationClaimed')
          known.claims.push(e.data.claimId);
        if (e.type === 'ClaimRevised') known.claims.push(e.data.supersededBy);
        if (e.type === 'FigureDisputed') known.disputes.push(e.data.disputeId);
      }
    } catch (error: unknown) {
      if (!(error instanceof DomainError)) throw error;
      refused++;
    }
  }
  return { refused };
}
