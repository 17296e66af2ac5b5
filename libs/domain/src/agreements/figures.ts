import { validateQuantity } from '../quantity/quantity';
import { quantityKey, validateDirection, validateScope } from '../quantity/quantity-key';
import { requireId } from '../shared/validation';
import { type TransferFigure } from './agreement-events';
import { requireParty, requireTerm } from './agreement-guards';
import { type SignedAgreement } from './agreement-state';

/**
 * A transfer figure as a command gives it (a source's report or the desk's inference), validated
 * against the agreement: its term, a direction between two of its parties, what is counted, the
 * quantity and the scope; with the quantity key it is compared on.
 */
export function requireFigure(
  agreement: SignedAgreement,
  figure: TransferFigure,
): TransferFigure & { readonly quantityKey: string } {
  requireTerm(agreement, figure.termId);
  const direction = validateDirection(figure.direction);
  requireParty(agreement, direction.from, 'direction.from');
  requireParty(agreement, direction.to, 'direction.to');
  const measure = requireId('measure', figure.measure);
  const quantity = validateQuantity('quantity', figure.quantity);
  const scope = validateScope(figure.scope);
  const { termId } = figure;
  const key = quantityKey({
    agreementId: agreement.agreementId,
    termId,
    direction,
    measure,
    scope,
  });
  return { termId, direction, measure, quantity, scope, quantityKey: key };
}
