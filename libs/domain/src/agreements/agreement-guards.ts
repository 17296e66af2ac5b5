import { DomainError, ensure, show } from '../shared/errors';
import {
  isAfterWithSkew,
  normalizeDateOrInstant,
  normalizeInstant,
  parseInstant,
} from '../shared/time';
import { requireId } from '../shared/validation';
import { type AgreementTerm, type OccurrencePeriod } from './agreement-events';
import {
  type AgreementState,
  type Claim,
  type SignedAgreement,
  type TransferClaim,
} from './agreement-state';

/** Guards shared by the agreement's deciders; each throws the DomainError its name promises. */

export function requireSigned(state: AgreementState, agreementId: string): SignedAgreement {
  if (state.status !== 'signed')
    throw new DomainError(
      'agreement_not_found',
      `agreement ${show(agreementId)} has not been signed`,
    );
  return state;
}

export function requireTerm(state: SignedAgreement, termId: string): AgreementTerm {
  requireId('termId', termId);
  const term = state.terms.get(termId);
  if (term === undefined)
    throw new DomainError('term_not_found', `agreement ${state.agreementId} has no term ${termId}`);
  return term;
}

export function requireParty(state: SignedAgreement, partyId: string, field: string): string {
  ensure(
    state.parties.some((p) => p.id === partyId),
    'party_not_in_agreement',
    `${field} ${show(partyId)} is not a party to agreement ${state.agreementId}`,
  );
  return partyId;
}

export function requireNewClaimId(
  state: SignedAgreement,
  claimId: string,
  field = 'claimId',
): string {
  requireId(field, claimId);
  ensure(
    !state.claims.has(claimId),
    'claim_already_exists',
    `claim ${claimId} already exists in agreement ${state.agreementId}`,
  );
  return claimId;
}

export function requireClaim(state: SignedAgreement, claimId: string): Claim {
  requireId('claimId', claimId);
  const claim = state.claims.get(claimId);
  if (claim === undefined)
    throw new DomainError(
      'claim_not_found',
      `agreement ${state.agreementId} has no claim ${claimId}`,
    );
  return claim;
}

/** A claim still standing: retracted or superseded claims stay in history but cannot be acted on. */
export function requireLiveClaim(state: SignedAgreement, claimId: string): Claim {
  const claim = requireClaim(state, claimId);
  ensure(claim.status !== 'retracted', 'claim_retracted', `claim ${claimId} was retracted`);
  if (claim.status === 'superseded') {
    const by =
      claim.kind === 'transfer' && claim.supersededBy !== undefined
        ? ` by ${claim.supersededBy}`
        : '';
    throw new DomainError(
      'claim_superseded',
      `claim ${claimId} was superseded${by}; act on the live claim instead`,
    );
  }
  return claim;
}

export function requireLiveTransferClaim(state: SignedAgreement, claimId: string): TransferClaim {
  const claim = requireLiveClaim(state, claimId);
  ensure(
    claim.kind === 'transfer',
    'claim_not_a_quantity',
    `claim ${claimId} is a ${claim.kind} claim, not a quantity claim`,
  );
  return claim;
}

/** The recorder's clock, validated: every time rule is measured against it. */
export function requireNow(now: string): string {
  return normalizeInstant('metadata.now', now);
}

/** A statement cannot be recorded before it was made (beyond a few minutes of clock skew). */
export function requireStatedAt(statedAt: string, now: string, field = 'statedAt'): string {
  const stated = normalizeInstant(field, statedAt);
  ensure(
    !isAfterWithSkew(stated, requireNow(now)),
    'statement_in_future',
    `${field} ${stated} is later than now (${now})`,
  );
  return stated;
}

/** Validates when a transfer happened: real dates or instants, in order, and not after it was stated. */
export function requireOccurrence(
  occurredAt: OccurrencePeriod,
  statedAt: string,
): OccurrencePeriod {
  ensure(
    typeof occurredAt === 'object' && occurredAt !== null,
    'invalid_period',
    'occurredAt must be an object with from and/or to',
  );
  ensure(
    occurredAt.from !== undefined || occurredAt.to !== undefined,
    'invalid_period',
    'occurredAt needs at least one of from and to',
  );
  let period: OccurrencePeriod = {};
  if (occurredAt.from !== undefined)
    period = { ...period, from: normalizeDateOrInstant('occurredAt.from', occurredAt.from) };
  if (occurredAt.to !== undefined)
    period = { ...period, to: normalizeDateOrInstant('occurredAt.to', occurredAt.to) };
  if (period.from !== undefined && period.to !== undefined) {
    ensure(
      !startsAfterEnd(period.from, period.to),
      'invalid_period',
      `occurredAt.from ${period.from} is after occurredAt.to ${period.to}`,
    );
  }
  for (const end of [period.from, period.to]) {
    ensure(
      end === undefined || !isAfterWithSkew(end, statedAt),
      'occurrence_after_statement',
      `occurredAt ${end} is after the statement (${statedAt})`,
    );
  }
  return period;
}

/** Dates compare as days; an instant and a date compare by the date's day. */
function startsAfterEnd(from: string, to: string): boolean {
  if (parseInstant(from) !== undefined && parseInstant(to) !== undefined) return from > to;
  return from.slice(0, 10) > to.slice(0, 10);
}
