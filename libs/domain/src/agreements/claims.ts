import { domainEvent } from '../shared/messages';
import { requireSource, type SourceLookup } from '../sources/source-decider';
import { requireName, requireText, sourcing, withOptional } from '../shared/validation';
import { requireFigure } from './figures';
import { requireFramingKey } from './framing-key';
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
  const figure = requireFigure(agreement, data);
  const { sourceId } = requireSource(context, data.sourceId);
  const statement = requireStatement(data, command.metadata.now);
  const occurredAt =
    data.occurredAt === undefined ? undefined : requireOccurrence(data.occurredAt, statement);
  const times = withOptional(statement, 'occurredAt', occurredAt);
  const priorPeriod = requireAfterSigning(agreement, times, data.priorPeriod);
  const revised = figureRevisedBy(agreement, sourceId, figure.quantityKey, statement);
  const base = { agreementId: agreement.agreementId, claimId, ...figure };
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

/**
 * Rival framings are surfaced, not settled: the new claim lists the live claims it contradicts.
 * Property and value are the source's own words; framings are matched by their framing keys, so
 * "a mutual exchange" and "Mutual-Exchange" agree (framing-key.ts).
 */
export function claimCharacterization(
  command: ClaimCharacterization,
  state: AgreementState,
  context: SourceLookup,
): CharacterizationClaimed[] {
  const { data } = command;
  const agreement = requireSigned(state, data.agreementId);
  const claimId = requireNewClaimId(agreement, data.claimId);
  if (data.termId !== undefined) requireTerm(agreement, data.termId);
  const property = requireName('property', data.property);
  const value = requireText('value', data.value);
  const propertyKey = requireFramingKey('property', property);
  const valueKey = requireFramingKey('value', value);
  const { sourceId } = requireSource(context, data.sourceId);
  const statement = requireStatement(data, command.metadata.now);
  requireAfterSigning(agreement, statement);
  const contestedClaimIds = liveCharacterizations(agreement, data.termId, propertyKey)
    .filter((c) => c.valueKey !== valueKey)
    .map((c) => c.claimId);
  const subject = withOptional({ agreementId: agreement.agreementId }, 'termId', data.termId);
  return [
    domainEvent('CharacterizationClaimed', {
      agreementId: agreement.agreementId,
      claimId,
      subject,
      property,
      value,
      propertyKey,
      valueKey,
      sourceId,
      ...statement,
      contestedClaimIds,
      ...sourcing(data),
    }),
  ];
}
