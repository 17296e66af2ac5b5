import { ensure } from '../shared/errors';
import { requireId, requireName } from '../shared/validation';

/** Who handed over to whom: party ids of the agreement. */
export interface TransferDirection {
  readonly from: string;
  readonly to: string;
}

/**
 * A figure about one phase of the transfers ('final'), a running total over an optional period
 * ('past week'), or the whole exchange across both directions between the direction's two parties
 * ("about 1,000 people were exchanged in all"; the order of `from` and `to` does not matter).
 */
export type TransferScope =
  | { readonly kind: 'phase'; readonly phase: string }
  | { readonly kind: 'cumulative'; readonly period?: string }
  | { readonly kind: 'exchange' };

/** Whether a scope counts one direction (phases, running totals) rather than the whole exchange. */
export const isPerDirection = (scope: TransferScope): boolean => scope.kind !== 'exchange';

/** What makes two claims claims about "the same quantity". */
export interface QuantityKeyParts {
  readonly agreementId: string;
  readonly termId: string;
  readonly direction: TransferDirection;
  /** What is counted, e.g. 'bodies' or 'prisoners'. */
  readonly measure: string;
  readonly scope: TransferScope;
}

const part = (s: string): string => encodeURIComponent(s);

function scopePart(scope: TransferScope): string {
  if (scope.kind === 'phase') return `phase:${part(scope.phase)}`;
  if (scope.kind === 'exchange') return 'exchange';
  return scope.period === undefined ? 'cumulative' : `cumulative:${part(scope.period)}`;
}

/**
 * A stable string for a quantity, e.g. 'istanbul-2025/repatriation/russia->ukraine/bodies/phase:final'.
 * Each part is URI-encoded, so no id can forge a separator and two different keys never collide.
 */
export function quantityKey(parts: QuantityKeyParts): string {
  const { agreementId, termId, direction, measure, scope } = parts;
  return `${part(agreementId)}/${part(termId)}/${directionPart(direction, scope)}/${part(measure)}/${scopePart(scope)}`;
}

/** 'a->b'; for the whole exchange the two parties in sorted order, 'a<->b', whichever was named first. */
function directionPart(direction: TransferDirection, scope: TransferScope): string {
  if (scope.kind !== 'exchange') return `${part(direction.from)}->${part(direction.to)}`;
  const [a, b] = [direction.from, direction.to].sort();
  return `${part(a ?? '')}<->${part(b ?? '')}`;
}

/** The group in which one claimant's phase figures must add up to its own cumulative total. */
export interface ReconciliationKeyParts {
  readonly agreementId: string;
  readonly termId: string;
  readonly direction: TransferDirection;
  readonly measure: string;
  readonly claimantSourceId: string;
}

export function reconciliationKey(parts: ReconciliationKeyParts): string {
  const { agreementId, termId, direction, measure, claimantSourceId } = parts;
  return `${part(agreementId)}/${part(termId)}/${part(direction.from)}->${part(direction.to)}/${part(measure)}/claimant:${part(claimantSourceId)}`;
}

export function validateDirection(direction: TransferDirection): TransferDirection {
  ensure(
    typeof direction === 'object' && direction !== null,
    'invalid_direction',
    'direction is required',
  );
  const from = requireId('direction.from', direction.from);
  const to = requireId('direction.to', direction.to);
  ensure(
    from !== to,
    'invalid_direction',
    `direction must name two different parties, got ${from} -> ${to}`,
  );
  return { from, to };
}

export function validateScope(scope: TransferScope): TransferScope {
  ensure(typeof scope === 'object' && scope !== null, 'invalid_scope', 'scope is required');
  if (scope.kind === 'phase')
    return { kind: 'phase', phase: requireName('scope.phase', scope.phase, 200) };
  if (scope.kind === 'exchange') return { kind: 'exchange' };
  ensure(
    scope.kind === 'cumulative',
    'invalid_scope',
    `scope.kind must be 'phase', 'cumulative' or 'exchange'`,
  );
  return scope.period === undefined
    ? { kind: 'cumulative' }
    : { kind: 'cumulative', period: requireName('scope.period', scope.period, 200) };
}
