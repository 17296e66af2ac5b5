import { quantitiesDisagree, sameQuantity, validateQuantity } from '../quantity/quantity';
import { ensure } from '../shared/errors';
import { domainEvent } from '../shared/messages';
import { requireSource, type SourceLookup } from '../sources/source-decider';
import { requireText, sourcing, withOptional } from '../shared/validation';
import { type CorroborateClaim, type RetractClaim, type ReviseClaim } from './agreement-commands';
import {
  type ClaimCorroborated,
  type ClaimRetracted,
  type ClaimRevised,
  type Independence,
} from './agreement-events';
import {
  requireLiveClaim,
  requireLiveTransferClaim,
  requireNewClaimId,
  requireNotBefore,
  requireSigned,
  requireStatement,
} from './agreement-guards';
import {
  type AgreementState,
  type Claim,
  liveClaimsOnKey,
  type SignedAgreement,
} from './agreement-state';
import { type RegisteredSource } from '../sources/source-decider';

/** Deciders for what happens to a claim after it is made: revised, retracted, corroborated. Nothing is edited. */

/**
 * A revision supersedes a live quantity claim with a new claim under a new id: same source, same
 * key, a different quantity. Revising to the very same quantity is refused ('claim_unchanged'):
 * it would add an event that changes nothing and muddy the audit trail.
 */
export function reviseClaim(
  command: ReviseClaim,
  state: AgreementState,
  context: SourceLookup,
): ClaimRevised[] {
  const { data } = command;
  const agreement = requireSigned(state, data.agreementId);
  const claim = requireLiveTransferClaim(agreement, data.claimId);
  const supersededBy = requireNewClaimId(agreement, data.newClaimId, 'newClaimId');
  const quantity = validateQuantity('quantity', data.quantity);
  ensure(
    !sameQuantity(quantity, claim.quantity),
    'claim_unchanged',
    `claim ${claim.claimId} already states this quantity`,
  );
  const reason = requireText('reason', data.reason);
  const statement = requireStatement(data, command.metadata.now);
  requireNotBefore(
    statement,
    claim,
    'statement_before_claim',
    `the revision (${statement.statedAt}) cannot precede the claim it revises (${claim.statedAt})`,
  );
  const reportedBy =
    data.reportedBy === undefined ? undefined : requireReporter(context, data.reportedBy, claim);
  return [
    domainEvent('ClaimRevised', {
      agreementId: agreement.agreementId,
      claimId: claim.claimId,
      supersededBy,
      sourceId: claim.sourceId,
      quantityKey: claim.quantityKey,
      previousQuantity: claim.quantity,
      quantity,
      reason,
      ...statement,
      ...withOptional({}, 'reportedBy', reportedBy),
      ...sourcing(data),
    }),
  ];
}

/**
 * Who may report a revision on the claimant's behalf: any registered source other than the
 * claimant that does not speak for another party — a relay, a source of the claimant's own party,
 * or a reporter with no affiliation (news agency, media, mediator). A source affiliated with
 * another party cannot put words in the claimant's mouth ('reporter_speaks_for_other_party').
 */
function requireReporter(context: SourceLookup, reportedBy: string, claim: Claim): string {
  const reporter = requireSource(context, reportedBy, 'reportedBy');
  ensure(
    reporter.sourceId !== claim.sourceId,
    'invalid_source',
    `reportedBy is the claim's own source (${claim.sourceId}); omit it`,
  );
  const claimant = requireSource(context, claim.sourceId, 'the claim source');
  ensure(
    reporter.affiliation === undefined ||
      reporter.affiliation === claimant.affiliation ||
      reporter.relayOf === claimant.sourceId,
    'reporter_speaks_for_other_party',
    `${reporter.sourceId} speaks for ${reporter.affiliation ?? ''}; it cannot report a revision of ${claimant.sourceId}'s claim`,
  );
  return reporter.sourceId;
}

export function retractClaim(command: RetractClaim, state: AgreementState): ClaimRetracted[] {
  const { data } = command;
  const agreement = requireSigned(state, data.agreementId);
  const claim = requireLiveClaim(agreement, data.claimId);
  const reason = requireText('reason', data.reason);
  const statement =
    data.statedAt === undefined
      ? undefined
      : requireStatement({ ...data, statedAt: data.statedAt }, command.metadata.now);
  if (statement !== undefined)
    requireNotBefore(
      statement,
      claim,
      'statement_before_claim',
      `the retraction cannot precede the claim (${claim.statedAt})`,
    );
  return [
    domainEvent('ClaimRetracted', {
      agreementId: agreement.agreementId,
      claimId: claim.claimId,
      reason,
      ...statement,
    }),
  ];
}

/**
 * How independent a corroboration is. A source registered as a relay of another, or one the
 * command says merely passes the claim on, is a relay; a source of the claimant's own party is
 * affiliated; only the rest is independent. Asking for 'independent' from a relay or an
 * affiliated source is refused rather than silently downgraded.
 */
function independenceOf(
  requested: 'independent' | 'relay' | undefined,
  source: RegisteredSource,
  claimant: RegisteredSource,
): Independence {
  if (requested === 'relay') return 'relay';
  const isRelay = source.relayOf !== undefined;
  const affiliated =
    source.affiliation !== undefined && source.affiliation === claimant.affiliation;
  if (requested === 'independent') {
    ensure(
      !isRelay,
      'relay_not_independent',
      `${source.sourceId} is registered as a relay of ${source.relayOf ?? ''}; it corroborates only as a relay`,
    );
    ensure(
      !affiliated,
      'affiliated_not_independent',
      `${source.sourceId} and ${claimant.sourceId} both speak for ${claimant.affiliation ?? ''}`,
    );
    return 'independent';
  }
  if (isRelay) return 'relay';
  return affiliated ? 'affiliated' : 'independent';
}

function requireNotYetCorroboratedBy(claim: Claim, sourceId: string): void {
  ensure(
    !claim.corroborations.some((c) => c.sourceId === sourceId),
    'already_corroborated',
    `${sourceId} already corroborated claim ${claim.claimId}`,
  );
}

/** A relay of the claimant, or the source the claimant relays, repeats the claimant's words: not a second voice. */
function requireNotRelayOfClaimant(source: RegisteredSource, claimant: RegisteredSource): void {
  ensure(
    source.relayOf !== claimant.sourceId && claimant.relayOf !== source.sourceId,
    'relay_of_claimant',
    source.relayOf === claimant.sourceId
      ? `${source.sourceId} relays ${claimant.sourceId}; it cannot corroborate its own source's claim`
      : `${claimant.sourceId} relays ${source.sourceId}; the claim is already ${source.sourceId}'s own`,
  );
}

/** A source cannot confirm a figure while it holds a live figure on the same key that contradicts it. */
function requireNoContradictingFigure(
  agreement: SignedAgreement,
  claim: Claim,
  sourceId: string,
): void {
  if (claim.kind !== 'transfer') return;
  const own = liveClaimsOnKey(agreement, claim.quantityKey).find(
    (c) => c.sourceId === sourceId && quantitiesDisagree([c.quantity, claim.quantity]),
  );
  ensure(
    own === undefined,
    'corroborator_contradicts_claim',
    `${sourceId} holds claim ${own?.claimId ?? ''} on the same quantity, which contradicts claim ${claim.claimId}`,
  );
}

export function corroborateClaim(
  command: CorroborateClaim,
  state: AgreementState,
  context: SourceLookup,
): ClaimCorroborated[] {
  const { data } = command;
  const agreement = requireSigned(state, data.agreementId);
  const claim = requireLiveClaim(agreement, data.claimId);
  const source = requireSource(context, data.sourceId);
  ensure(
    source.sourceId !== claim.sourceId,
    'self_corroboration',
    `${source.sourceId} cannot corroborate its own claim`,
  );
  ensure(
    data.independence === undefined ||
      data.independence === 'independent' ||
      data.independence === 'relay',
    'invalid_source',
    `independence must be 'independent' or 'relay'`,
  );
  const claimant = requireSource(context, claim.sourceId, 'the claim source');
  requireNotRelayOfClaimant(source, claimant);
  const independence = independenceOf(data.independence, source, claimant);
  requireNotYetCorroboratedBy(claim, source.sourceId);
  requireNoContradictingFigure(agreement, claim, source.sourceId);
  const statement = requireStatement(data, command.metadata.now);
  // Nobody confirms words not yet said: a confirmation stated first is a claim of its own, to be reported as one.
  requireNotBefore(
    statement,
    claim,
    'corroboration_before_claim',
    `the corroboration (${statement.statedAt}) cannot precede the claim it corroborates (${claim.statedAt})`,
  );
  return [
    domainEvent('ClaimCorroborated', {
      agreementId: agreement.agreementId,
      claimId: claim.claimId,
      sourceId: source.sourceId,
      independence,
      ...statement,
      ...sourcing(data),
    }),
  ];
}
