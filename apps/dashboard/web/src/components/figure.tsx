import { describePrecision, formatQuantity, type Quantity } from '../format/quantity';
import { claimHref } from '../route';

/** A claimed figure with its precision, linking to the claim's history when its id is known. */
export function Figure({
  quantity,
  claimId,
}: {
  readonly quantity: Quantity;
  readonly claimId?: string;
}) {
  const text = formatQuantity(quantity);
  const title = describePrecision(quantity);
  const precision = `figure precision-${quantity.precision}`;
  if (claimId === undefined)
    return (
      <span class={precision} title={title}>
        {text}
      </span>
    );
  return (
    <a
      class={precision}
      href={claimHref(claimId)}
      title={`${title} — open claim ${claimId}`}
      data-claim={claimId}
    >
      {text}
    </a>
  );
}
