import { DomainError, ensure, show } from '../shared/errors';
import {
  CLOCK_SKEW_MS,
  earliestInstantMs,
  isAfterWithSkew,
  normalizeDateOrInstant,
  normalizeInstant,
  normalizeStatementTime,
  parseDate,
  parseInstant,
  statedCertainlyBefore,
  statementLastDay,
  statementSpan,
  type StatementPrecision,
  type StatementTime,
} from '../shared/time';
import { requireId, requireText } from '../shared/validation';
import { type AgreementTerm, type OccurrencePeriod } from './agreement-events';
import {
  type AgreementState,
  type Claim,
  liveClaimsOnKey,
  type SignedAgreement,
  statementOf,
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
    !state.claims.has(claimId) && !state.inferences.has(claimId),
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

/**
 * A claim's statement time: an instant, a day, or around either (see statementSpan). It cannot be
 * recorded before it may have been made: refused only when its whole span lies in the future.
 */
export function requireStatement(
  input: { readonly statedAt: string; readonly statedAtPrecision?: StatementPrecision },
  now: string,
  field = 'statedAt',
): StatementTime {
  const time = normalizeStatementTime(field, input.statedAt, input.statedAtPrecision);
  const nowMs = earliestInstantMs(requireNow(now));
  ensure(
    statementSpan(time).earliest <= nowMs + CLOCK_SKEW_MS,
    'statement_in_future',
    `${field} ${time.statedAt} is later than now (${now})`,
  );
  return time;
}

/** A statement that cannot precede `earlier`'s: refused only when it certainly does. */
export function requireNotBefore(
  time: StatementTime,
  earlier: StatementTime,
  code: 'statement_before_claim' | 'corroboration_before_claim' | 'figure_older_than_live',
  message: string,
): void {
  ensure(!statedCertainlyBefore(time, statementOf(earlier)), code, message);
}

/** Validates when a transfer happened: real dates or instants, in order, and not after it was stated. */
export function requireOccurrence(
  occurredAt: OccurrencePeriod,
  statement: StatementTime,
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
  const statedLatest = statementSpan(statement).latest;
  for (const end of [period.from, period.to]) {
    ensure(
      end === undefined || earliestInstantMs(end) <= statedLatest + CLOCK_SKEW_MS,
      'occurrence_after_statement',
      `occurredAt ${end} is after the statement (${statement.statedAt})`,
    );
  }
  return period;
}

/**
 * True only when `dateOrInstant` lies before the signing day wherever on Earth it was signed: a
 * day before `signedOn`, or an instant before the day's first moment anywhere (UTC+14).
 */
function certainlyBeforeSigning(dateOrInstant: string, signedOn: string): boolean {
  if (parseDate(dateOrInstant) !== undefined) return dateOrInstant < signedOn;
  return earliestInstantMs(dateOrInstant) < earliestInstantMs(signedOn);
}

/** A statement's whole span lies before the signing day: its last day before it, or its last instant before the day's first moment anywhere. */
function statedBeforeSigning(time: StatementTime, signedOn: string): boolean {
  const lastDay = statementLastDay(time);
  if (lastDay !== undefined) return lastDay < signedOn;
  return statementSpan(time).latest < earliestInstantMs(signedOn);
}

/**
 * A claim about an agreement is stated, and what it counts happened, on or after the day it was
 * signed, unless the command names the earlier period it is about (`priorPeriod`, free text such
 * as "the exchanges since February 2022"), which is then recorded with the claim. Returns the
 * validated period name, if any.
 */
export function requireAfterSigning(
  state: SignedAgreement,
  times: StatementTime & { readonly occurredAt?: OccurrencePeriod },
  priorPeriod?: string,
): string | undefined {
  if (priorPeriod !== undefined) return requireText('priorPeriod', priorPeriod);
  const statedEarly = statedBeforeSigning(times, state.signedOn) ? times.statedAt : undefined;
  const early =
    statedEarly ??
    [times.occurredAt?.from, times.occurredAt?.to].find(
      (t) => t !== undefined && certainlyBeforeSigning(t, state.signedOn),
    );
  ensure(
    early === undefined,
    'before_agreement_signed',
    `${early ?? ''} is before agreement ${state.agreementId} was signed (${state.signedOn}); ` +
      'name the earlier period the figure is about in priorPeriod',
  );
  return undefined;
}

/**
 * One live figure per source and quantity key, so a source never disputes itself: the source's
 * live figure on the key, which a new figure from it revises. A figure stated before that one is
 * not newer and is refused ('figure_older_than_live'): revise or retract the live one instead.
 */
export function figureRevisedBy(
  state: SignedAgreement,
  sourceId: string,
  quantityKey: string,
  statement: StatementTime,
): TransferClaim | undefined {
  const live = liveClaimsOnKey(state, quantityKey).find((c) => c.sourceId === sourceId);
  if (live === undefined) return undefined;
  requireNotBefore(
    statement,
    live,
    'figure_older_than_live',
    `${sourceId} already stated claim ${live.claimId} on this quantity at ${live.statedAt}, after ${statement.statedAt}; revise or retract that claim instead`,
  );
  return live;
}

/** Dates compare as days; an instant and a date compare by the date's day. */
function startsAfterEnd(from: string, to: string): boolean {
  if (parseInstant(from) !== undefined && parseInstant(to) !== undefined) return from > to;
  return from.slice(0, 10) > to.slice(0, 10);
}
