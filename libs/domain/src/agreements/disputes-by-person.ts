import { DomainError, ensure, show } from '../shared/errors';
import { domainEvent } from '../shared/messages';
import { isList, requireId, requireText } from '../shared/validation';
import { type ChangeDisputeStatus, type RaiseDispute } from './agreement-commands';
import { type DisputeStatusChanged, type FigureDisputed } from './agreement-events';
import { requireLiveTransferClaim, requireSigned } from './agreement-guards';
import { type AgreementState, comparedKeyOf, openDisputeOnKey } from './agreement-state';
import { deltaOf, disputedClaim } from './disputes';

/** Statuses a person may set; 'open' is only where a dispute starts. */
export const PERSON_DISPUTE_STATUSES = [
  'acknowledged',
  'explained',
  'resolved',
  'unaddressed',
] as const;

/**
 * A person disputes live quantity claims on one key, e.g. a figure they find implausible even
 * though no other claim contradicts it. One open dispute per key: a second one is refused, and the
 * person changes the open dispute's status instead.
 */
export function raiseDispute(command: RaiseDispute, state: AgreementState): FigureDisputed[] {
  const { data } = command;
  const agreement = requireSigned(state, data.agreementId);
  const disputeId = requireId('disputeId', data.disputeId);
  ensure(
    !agreement.disputes.has(disputeId),
    'dispute_already_exists',
    `dispute ${disputeId} already exists`,
  );
  ensure(
    isList(data.claimIds) && data.claimIds.length > 0,
    'invalid_id',
    'claimIds must name at least one claim',
  );
  ensure(
    new Set(data.claimIds).size === data.claimIds.length,
    'invalid_id',
    'claimIds names a claim twice',
  );
  const claims = data.claimIds.map((id) => requireLiveTransferClaim(agreement, id));
  const quantityKey = comparedKeyOf(agreement, claims[0]?.quantityKey ?? '');
  ensure(
    claims.every((c) => comparedKeyOf(agreement, c.quantityKey) === quantityKey),
    'claims_on_different_keys',
    'a dispute is about one quantity: the claims name different quantity keys',
  );
  const open = openDisputeOnKey(agreement, quantityKey);
  ensure(
    open === undefined,
    'dispute_already_open',
    `dispute ${open?.disputeId ?? ''} is already open on this quantity; change its status instead`,
  );
  const reason = requireText('reason', data.reason);
  return [
    domainEvent('FigureDisputed', {
      agreementId: agreement.agreementId,
      disputeId,
      quantityKey,
      claims: claims.map(disputedClaim),
      delta: deltaOf(claims),
      detectedBy: 'person' as const,
      reason,
    }),
  ];
}

/** Any status may follow any other, with a reason; reopening a resolved dispute needs its key free of another open one. */
export function changeDisputeStatus(
  command: ChangeDisputeStatus,
  state: AgreementState,
): DisputeStatusChanged[] {
  const { data } = command;
  const agreement = requireSigned(state, data.agreementId);
  const dispute = agreement.disputes.get(data.disputeId);
  if (dispute === undefined)
    throw new DomainError(
      'dispute_not_found',
      `agreement ${agreement.agreementId} has no dispute ${show(data.disputeId)}`,
    );
  ensure(
    PERSON_DISPUTE_STATUSES.includes(data.status),
    'invalid_status',
    `status must be one of ${PERSON_DISPUTE_STATUSES.join(', ')}`,
  );
  ensure(
    data.status !== dispute.status,
    'dispute_status_unchanged',
    `dispute ${dispute.disputeId} is already ${dispute.status}`,
  );
  if (dispute.status === 'resolved') {
    const other = openDisputeOnKey(agreement, dispute.quantityKey);
    ensure(
      other === undefined,
      'dispute_already_open',
      `dispute ${other?.disputeId ?? ''} is open on the same quantity; it cannot be reopened alongside`,
    );
  }
  const reason = requireText('reason', data.reason);
  return [
    domainEvent('DisputeStatusChanged', {
      agreementId: agreement.agreementId,
      disputeId: dispute.disputeId,
      quantityKey: dispute.quantityKey,
      previousStatus: dispute.status,
      status: data.status,
      reason,
      by: 'person' as const,
    }),
  ];
}
