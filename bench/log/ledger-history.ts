import { type LedgerCommand, type Precision, SEED_SCENARIO } from '@ledger/domain';

/**
 * A realistic ledger history for the 1M-event benchmarks, as recorders would enter it: many
 * agreements, each signed, then a long run of claims by several sources on a few quantity keys
 * (so figures disagree and disputes open), revisions, retractions, corroborations by news
 * agencies, disputes weighed by people, framings and offers. Commands go through the real
 * deciders; those the domain refuses are skipped, as a recorder would see them refused.
 * Deterministic for a seed (ids are not: the store's event ids are random).
 */

/** A small seeded PRNG (mulberry32), so a given seed always yields the same history. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLAIMANTS = ['ua-coordination-hq', 'ru-mod', 'rustem-umerov', 'turkey-mfa'] as const;
const CORROBORATORS = ['ewn', 'ajtechnicaldr', 'turkey-mfa'] as const;
const DIRECTIONS = [
  { from: 'russia', to: 'ukraine' },
  { from: 'ukraine', to: 'russia' },
] as const;
const PRECISIONS: readonly Precision[] = ['exact', 'exact', 'exact', 'at_least', 'about'];
const DISPUTE_STATUSES = ['acknowledged', 'explained', 'resolved', 'unaddressed'] as const;

/** The seed's sources, registered once before any agreement. */
export const SOURCE_COMMANDS: readonly LedgerCommand[] = SEED_SCENARIO.filter(
  (c) => c.type === 'RegisterSource',
);

const SIGN_TEMPLATE = SEED_SCENARIO.find((c) => c.type === 'SignAgreement');

/** What one agreement's recorder knows while entering it: the claims and disputes so far. */
export class AgreementDesk {
  private readonly claims: string[] = [];
  private readonly disputes: string[] = [];
  private offerMade = false;
  private step = 0;

  constructor(
    readonly agreementId: string,
    private readonly random: () => number,
  ) {}

  signing(): LedgerCommand {
    if (SIGN_TEMPLATE?.type !== 'SignAgreement')
      throw new Error('the seed scenario signs no agreement');
    return {
      ...SIGN_TEMPLATE,
      metadata: this.metadata(),
      data: { ...SIGN_TEMPLATE.data, agreementId: this.agreementId },
    };
  }

  /** The next command a recorder enters on this agreement. */
  next(): LedgerCommand {
    this.step++;
    const roll = this.random() * 14;
    if (roll < 6 || this.claims.length === 0) return this.report();
    if (roll < 8) return this.revise();
    if (roll < 9) return this.retract();
    if (roll < 10.5) return this.corroborate();
    if (roll < 11) return this.raiseDispute();
    if (roll < 12) return this.changeDispute();
    if (roll < 13) return this.characterize();
    return this.offer();
  }

  /** Learns from what was written: new claims and disputes become targets of later steps. */
  accepted(events: readonly { type: string; data: object }[]): void {
    for (const { type, data } of events) {
      const fields = data as { claimId?: string; supersededBy?: string; disputeId?: string };
      if ((type === 'TransferReported' || type === 'CharacterizationClaimed') && fields.claimId)
        this.claims.push(fields.claimId);
      if (type === 'ClaimRevised' && fields.supersededBy) this.claims.push(fields.supersededBy);
      if (type === 'FigureDisputed' && fields.disputeId) this.disputes.push(fields.disputeId);
      if (type === 'OfferMade') this.offerMade = true;
    }
  }

  private metadata(): { now: string } {
    return { now: '2025-07-01T00:00:00Z' };
  }

  /** Statements one minute apart from 18 June 2025, in the order they are entered. */
  private statedAt(): string {
    return new Date(Date.UTC(2025, 5, 18) + this.step * 60_000).toISOString();
  }

  /** Recorders revise, retract and corroborate what was reported lately, not claims from long ago. */
  private recentClaim(): string {
    return this.pick(this.claims.slice(-12));
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }

  private id(kind: string): string {
    return `${this.agreementId}-${kind}-${this.step}`;
  }

  /** A revision corrects a figure by a little. */
  private quantity(): { value: number; precision: Precision } {
    return { value: 100 + Math.floor(this.random() * 1900), precision: this.pick(PRECISIONS) };
  }

  /**
   * Phases follow one another (a new one every ~20 commands), so each quantity key gathers a
   * handful of claims, as a real exchange does; most claimants agree on a phase's figure, some
   * give another (1,245 against 1,248), which opens or widens a dispute.
   */
  private report(): LedgerCommand {
    const phase = Math.floor(this.step / 20);
    const cumulative = this.random() < 0.1;
    const scope = cumulative
      ? { kind: 'cumulative' as const, period: 'since the exchanges began' }
      : { kind: 'phase' as const, phase: `phase-${phase}` };
    const agreed = 100 + ((phase * 7919) % 1900);
    const value = this.random() < 0.75 ? agreed : agreed + 1 + Math.floor(this.random() * 5);
    const data = {
      agreementId: this.agreementId,
      claimId: this.id('claim'),
      termId: 'repatriation',
      direction: this.pick(DIRECTIONS),
      measure: 'bodies',
      quantity: {
        value: cumulative ? value * (phase + 1) : value,
        precision: this.pick(PRECISIONS),
      },
      scope,
      occurredAt: { from: '2025-06-16' },
      statedAt: this.statedAt(),
      sourceId: this.pick(CLAIMANTS),
      disputeId: this.id('dispute'),
    };
    return { type: 'ReportTransfer', metadata: this.metadata(), data };
  }

  private revise(): LedgerCommand {
    const data = {
      agreementId: this.agreementId,
      claimId: this.recentClaim(),
      newClaimId: this.id('claim'),
      quantity: this.quantity(),
      reason: 'recount',
      statedAt: this.statedAt(),
      disputeId: this.id('dispute'),
    };
    return { type: 'ReviseClaim', metadata: this.metadata(), data };
  }

  private retract(): LedgerCommand {
    return {
      type: 'RetractClaim',
      metadata: this.metadata(),
      data: {
        agreementId: this.agreementId,
        claimId: this.recentClaim(),
        reason: 'withdrawn',
        statedAt: this.statedAt(),
      },
    };
  }

  private corroborate(): LedgerCommand {
    const data = {
      agreementId: this.agreementId,
      claimId: this.recentClaim(),
      sourceId: this.pick(CORROBORATORS),
      statedAt: this.statedAt(),
    };
    return { type: 'CorroborateClaim', metadata: this.metadata(), data };
  }

  private raiseDispute(): LedgerCommand {
    return {
      type: 'RaiseDispute',
      metadata: this.metadata(),
      data: {
        agreementId: this.agreementId,
        disputeId: this.id('dispute'),
        claimIds: [this.recentClaim()],
        reason: 'implausible figure',
      },
    };
  }

  private changeDispute(): LedgerCommand {
    if (this.disputes.length === 0) return this.report();
    const data = {
      agreementId: this.agreementId,
      disputeId: this.pick(this.disputes.slice(-5)),
      status: this.pick(DISPUTE_STATUSES),
      reason: 'weighed by the desk',
    };
    return { type: 'ChangeDisputeStatus', metadata: this.metadata(), data };
  }

  private characterize(): LedgerCommand {
    const data = {
      agreementId: this.agreementId,
      claimId: this.id('claim'),
      termId: 'repatriation',
      property: 'reciprocity',
      value: this.random() < 0.5 ? 'mutual_exchange' : 'unilateral_humanitarian',
      sourceId: this.pick(CLAIMANTS),
      statedAt: this.statedAt(),
    };
    return { type: 'ClaimCharacterization', metadata: this.metadata(), data };
  }

  private offer(): LedgerCommand {
    const offerId = `${this.agreementId}-offer`;
    const quantity = {
      value: 1000 + Math.floor(this.random() * 2000),
      precision: 'exact' as const,
    };
    if (!this.offerMade) {
      const data = {
        offerId,
        agreementId: this.agreementId,
        by: 'russia',
        to: 'ukraine',
        sourceId: 'ru-mod',
        measure: 'bodies',
        quantity,
        beyondAgreement: true,
        statedAt: this.statedAt(),
      };
      return { type: 'MakeOffer', metadata: this.metadata(), data };
    }
    if (this.random() < 0.7)
      return {
        type: 'ReviseOffer',
        metadata: this.metadata(),
        data: {
          offerId,
          sourceId: 'ru-mod',
          quantity,
          reason: 'recount',
          statedAt: this.statedAt(),
        },
      };
    return {
      type: 'AnswerOffer',
      metadata: this.metadata(),
      data: {
        offerId,
        answer: this.random() < 0.5 ? 'declined' : 'accepted',
        sourceId: 'ua-coordination-hq',
        statedAt: this.statedAt(),
      },
    };
  }
}
