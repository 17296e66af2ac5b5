import { validateQuantity } from '../quantity/quantity';
import { quantityKey, validateDirection, validateScope } from '../quantity/quantity-key';
import { domainEvent } from '../shared/messages';
import { requireSource, type SourceLookup } from '../sources/source-decider';
import { requireId, sourcing, withOptional } from '../shared/validation';
import {
  type ClaimCharacterization,
  type ClaimTermCompletion,
  type ReportTransfer,
} from './agreement-commands';
import {
  type AgreementTermCompletionClaimed,
  type CharacterizationClaimed,
  type TransferReported,
} from './agreement-events';
import {
  figureRevisedBy,
  requireAfterSigning,
  requireNewClaimId,
  requireOccurrence,
  requireParty,
  requireSigned,
  requireStatement,
  requireTerm,
} from './agreement-guards';
import { liveCharacterizations } from './agreement-index';
import { type AgreementState } from './agreement-state';

/** Deciders for new claims about an agreement: quantities, completion of terms, framings. */

export function reportTransfer(
  command: ReportTransfer,
  state: AgreementState,
  context: SourceLookup,
): TransferReported[] {
  const { data } = command;
  const agreement = requireSigned(state, data.agreementId);
  const claimId = requireNewClaimId(agreement, data.claimId);
  requireTerm(agreement, data.termId);
  const direction = validateDirection(data.direction);
  requireParty(agreement, direction.from, 'direction.from');
  requireParty(agreement, direction.to, 'direction.to');
  const measure = requireId('measure', data.measure);
  const quantity = validateQuantity('quantity', data.quantity);
  const scope = validateScope(data.scope);
  const { sourceId } = requireSource(context, data.sourceId);
  const statement = requireStatement(data, command.metadata.now);
  const occurredAt =
    data.occurredAt === undefined ? undefined : requireOccurrence(data.occurredAt, statement);
  const times = withOptional(statement, 'occurredAt', occurredAt);
  const priorPeriod = requireAfterSigning(agreement, times, data.priorPeriod);
  const key = quantityKey({
    agreementId: agreement.agreementId,
    termId: data.termId,
    direction,
    measure,
    scope,
  });
  const revised = figureRevisedBy(agreement, sourceId, key, statement);
  const base = {
    agreementId: agreement.agreementId,
    claimId,
    termId: data.termId,
    direction,
    measure,
    quantity,
    scope,
    quantityKey: key,
  };
  return [
    domainEvent('TransferReported', {
      ...withOptional(base, 'occurredAt', occurredAt),
      ...statement,
      sourceId,
      ...withOptional({}, 'priorPeriod', priorPeriod),
      ...withOptional({}, 'revises', revised?.claimId),
      ...sourcing(data),
    }),
  ];
}

export function claimTermCompletion(
  command: ClaimTermCompletion,
  state: AgreementState,
  context: SourceLookup,
): AgreementTermCompletionClaimed[] {
  const { data } = command;
  const agreement = requireSigned(state, data.agreementId);
  const claimId = requireNewClaimId(agreement, data.claimId);
  requireTerm(agreement, data.termId);
  const { sourceId } = requireSource(context, data.sourceId);
  const statement = requireStatement(data, command.metadata.now);
  requireAfterSigning(agreement, statement);
  return [
    domainEvent('AgreementTermCompletionClaimed', {
      agreementId: agreement.agreementId,
      claimId,
      termId: data.termId,
      sourceId,
      ...statement,
      ...sourcing(data),
    }),
  ];
}

/** Rival framings are surfaced, not settled: the new claim lists the live claims it contradicts. */
export function claimCharacterization(
  command: ClaimCharacterization,
  state: AgreementState,
  context: SourceLookup,
): CharacterizationClaimed[] {
  const { data } = command;
  const agreement = requireSigned(state, data.agreementId);
  const claimId = requireNewClaimId(agreement, data.claimId);
  if (data.termId !== undefined) requireTerm(agreement, data.termId);
  const property = requireId('property', data.property);
  const value = requireId('value', data.value);
  const { sourceId } = requireSource(context, data.sourceId);
  const statement = requireStatement(data, command.metadata.now);
  requireAfterSigning(agreement, statement);
  const contestedClaimIds = liveCharacterizations(agreement, data.termId, property)
    .filter((c) => c.value !== value)
    .map((c) => c.claimId);
  const subject = withOptional({ agreementId: agreement.agreementId }, 'termId', data.termId);
  return [
    domainEvent('CharacterizationClaimed', {
      agreementId: agreement.agreementId,
      claimId,
      subject,
      property,
      value,
      sourceId,
      ...statement,
      contestedClaimIds,
      ...sourcing(data),
    }),
  ];
}
