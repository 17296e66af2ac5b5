import { ensure } from '../shared/errors';
import { domainEvent } from '../shared/messages';
import { isList, requireName, requireText, withOptional } from '../shared/validation';
import { type RecordInference } from './agreement-commands';
import { type FigureInferred } from './agreement-events';
import {
  requireClaim,
  requireNewClaimId,
  requireNow,
  requireOccurrence,
  requireSigned,
} from './agreement-guards';
import { type AgreementState, type SignedAgreement } from './agreement-state';
import { requireFigure } from './figures';

/** At most this many claims an inference names as drawn from. */
export const MAX_DERIVED_FROM = 100;

/** The claims an inference was drawn from: at least one, each a claim of this agreement, none twice. */
function requireDerivedFrom(agreement: SignedAgreement, ids: readonly string[]): string[] {
  ensure(
    isList(ids) && ids.length >= 1 && ids.length <= MAX_DERIVED_FROM,
    'invalid_command',
    `derivedFrom must list 1 to ${MAX_DERIVED_FROM} claim ids`,
  );
  ensure(new Set(ids).size === ids.length, 'invalid_command', 'derivedFrom names a claim twice');
  return ids.map((id) => requireClaim(agreement, id).claimId);
}

/**
 * A figure the desk inferred itself — stated by no source — is recorded as what it is: the actor
 * who inferred it, why, and the claims it was drawn from. It shares the claims' id space (an
 * inference id is never a claim id) but is kept apart from them, so it never joins a sum, a
 * verdict, a dispute or a corroboration.
 */
export function recordInference(command: RecordInference, state: AgreementState): FigureInferred[] {
  const { data } = command;
  const agreement = requireSigned(state, data.agreementId);
  const inferenceId = requireNewClaimId(agreement, data.inferenceId, 'inferenceId');
  ensure(
    !agreement.inferences.has(inferenceId),
    'claim_already_exists',
    `inference ${inferenceId} already exists in agreement ${agreement.agreementId}`,
  );
  const figure = requireFigure(agreement, data);
  const inferredAt = requireNow(command.metadata.now);
  const occurredAt =
    data.occurredAt === undefined
      ? undefined
      : requireOccurrence(data.occurredAt, { statedAt: inferredAt });
  const base = { agreementId: agreement.agreementId, inferenceId, ...figure };
  return [
    domainEvent('FigureInferred', {
      ...withOptional(base, 'occurredAt', occurredAt),
      reason: requireText('reason', data.reason),
      derivedFrom: requireDerivedFrom(agreement, data.derivedFrom),
      inferredBy: requireName('inferredBy', data.inferredBy),
      inferredAt,
    }),
  ];
}
