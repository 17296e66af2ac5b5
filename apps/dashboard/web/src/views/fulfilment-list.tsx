import type { AgreedQuantity, DeliveryVerdict, Fulfilment } from '../api/wire';
import { formatCount, formatQuantity, formatRange, isQuantity } from '../format/quantity';
import { type Names } from '../format/names';

const VERDICT_WORDS: Record<DeliveryVerdict['verdict'], string> = {
  within: 'within the agreement',
  exceeds: 'exceeds the agreement',
  short: 'short of the agreement',
  unknown: 'cannot tell',
};

function DeliveryText({ what, d }: { readonly what: string; readonly d: DeliveryVerdict | null }) {
  if (d === null) return null;
  const by = d.verdict === 'exceeds' || d.verdict === 'short' ? ` by ${formatCount(d.by)}` : '';
  return (
    <span class={`delivery ${d.verdict}`} data-verdict={d.verdict} data-figure={what}>
      {what} {formatRange(d.delivered)}:{' '}
      <strong>
        {VERDICT_WORDS[d.verdict]}
        {by}
      </strong>
      <span class="muted"> ({d.claimIds.join(', ')})</span>
    </span>
  );
}

/**
 * What the term agreed, and each claimant's delivery against it: its phase sum and its stated
 * total, each with its own verdict and the claims behind it (never one unattributed figure).
 */
export function FulfilmentList({
  fulfilment,
  names,
}: {
  readonly fulfilment: Fulfilment;
  readonly names: Names;
}) {
  const summed =
    fulfilment.directions.length > 1
      ? ` (both directions: ${fulfilment.directions.map((d) => names.direction(d)).join(' + ')})`
      : '';
  return (
    <div class="against-agreed">
      <p>
        Agreed: <strong>{agreedText(fulfilment.agreed, names)}</strong>
        {summed}
      </p>
      {fulfilment.claimants.length > 0 ? (
        <ul class="fulfilment">
          {fulfilment.claimants.map((c) => (
            <li key={c.sourceId} data-claimant={c.sourceId}>
              {names.source(c.sourceId)}: <DeliveryText what="phases" d={c.phaseSum} />
              {c.phaseSum !== null && c.statedTotal !== null ? '; ' : null}
              <DeliveryText what="stated total" d={c.statedTotal} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function agreedText(agreed: AgreedQuantity | null | undefined, names: Names): string {
  if (agreed === null || agreed === undefined || !isQuantity(agreed)) return 'no figure agreed';
  const basis =
    agreed.basis === 'per_party'
      ? ` per party${agreed.party ? ` (${names.party(agreed.party)})` : ''}`
      : ' in total';
  return `${formatQuantity(agreed)}${basis}`;
}
