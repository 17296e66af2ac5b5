import type { AgreedRatio, ExchangeTotals, RatioCheck, Term } from '../api/wire';
import { formatCount, formatQuantity, formatRange } from '../format/quantity';
import { type Names, words } from '../format/names';
import { agreedText } from './fulfilment-list';

const RATIO_WORDS: Record<RatioCheck['verdict'], string> = {
  within: 'admits the agreed ratio',
  off: 'off the agreed ratio',
  unknown: 'cannot tell',
};

const EXCHANGE_WORDS: Record<ExchangeTotals['figures'][number]['verdict'], string> = {
  consistent: 'consistent with the directions',
  inconsistent: 'cannot agree with the directions',
  unknown: 'no per-direction figure to compare',
};

export function ratioText(r: AgreedRatio, names: Names): string {
  return `${names.party(r.party)} releases ${formatCount(r.releases)} for each ${formatCount(r.receives)} ${names.party(r.counterparty)} releases`;
}

/** What a term agreed, as negotiators wrote it: one figure, a bound per party, and a ratio. */
export function termAgreedText(term: Term, names: Names): string {
  const parts =
    term.agreedPerParty !== undefined
      ? term.agreedPerParty.map((b) => `${formatQuantity(b)} released by ${names.party(b.party)}`)
      : [agreedText(term.agreedQuantity, names)];
  if (term.agreedRatio !== undefined) parts.push(ratioText(term.agreedRatio, names));
  return parts.join('; ');
}

function RatioText({ what, r }: { readonly what: string; readonly r: RatioCheck | null }) {
  if (r === null)
    return (
      <span class="ratio" data-verdict="disagree" data-figure={what}>
        {what}: the claimants’ figures disagree
      </span>
    );
  if (r.verdict === 'unknown') return null;
  const claims = [...(r.released?.claimIds ?? []), ...(r.received?.claimIds ?? [])];
  return (
    <span class={`ratio ${r.verdict}`} data-verdict={r.verdict} data-figure={what}>
      {what} {r.released ? formatRange(r.released.delivered) : '—'} released for{' '}
      {r.received ? formatRange(r.received.delivered) : '—'} received:{' '}
      <strong>
        {RATIO_WORDS[r.verdict]}
        {r.verdict === 'off' ? ` by ${formatCount(r.by)}` : ''}
      </strong>
      <span class="muted"> ({claims.join(', ')})</span>
    </span>
  );
}

function RatioRow({
  who,
  phaseSum,
  statedTotal,
}: {
  readonly who: string;
  readonly phaseSum: RatioCheck | null;
  readonly statedTotal: RatioCheck | null;
}) {
  const shown = (r: RatioCheck | null): boolean => r === null || r.verdict !== 'unknown';
  return (
    <>
      {who}: <RatioText what="phases" r={phaseSum} />
      {shown(phaseSum) && shown(statedTotal) ? '; ' : null}
      <RatioText what="stated totals" r={statedTotal} />
      {!shown(phaseSum) && !shown(statedTotal) ? RATIO_WORDS.unknown : null}
    </>
  );
}

/**
 * One exchange between two parties: each figure given for both directions at once, checked
 * against the sum of the per-direction figures, and the agreed ratio per claimant.
 */
export function ExchangeCard({
  exchange: e,
  names,
  termKind,
}: {
  readonly exchange: ExchangeTotals;
  readonly names: Names;
  readonly termKind: string;
}) {
  const [a, b] = e.parties;
  return (
    <figure class="exchange" data-term={e.termId} data-measure={e.measure}>
      <figcaption>
        {words(termKind)} · {names.party(a)} ⇄ {names.party(b)} · {e.measure} · the whole exchange
      </figcaption>
      {e.figures.length > 0 ? (
        <>
          <p class="muted">
            Both directions together:{' '}
            {e.perDirectionSum === null
              ? 'no per-direction figure'
              : formatRange(e.perDirectionSum)}
          </p>
          <ul class="exchange-figures">
            {e.figures.map((f) => (
              <li key={f.claimId} data-claim={f.claimId} data-verdict={f.verdict}>
                {names.source(f.sourceId)}: {formatQuantity(f.quantity)} in all —{' '}
                <strong class={f.verdict}>
                  {EXCHANGE_WORDS[f.verdict]}
                  {f.verdict === 'inconsistent' ? ` (gap ${formatCount(f.gap)})` : ''}
                </strong>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {e.ratio !== null ? (
        <div class="against-agreed">
          <p>
            Agreed ratio: <strong>{ratioText(e.ratio.agreed, names)}</strong>
          </p>
          <ul class="fulfilment ratio-list">
            {e.ratio.claimants.map((c) => (
              <li key={c.sourceId} data-claimant={c.sourceId}>
                <RatioRow
                  who={names.source(c.sourceId)}
                  phaseSum={c.phaseSum}
                  statedTotal={c.statedTotal}
                />
              </li>
            ))}
            <li data-claimant="across">
              <RatioRow
                who="Across claimants"
                phaseSum={e.ratio.acrossClaimants.phaseSum}
                statedTotal={e.ratio.acrossClaimants.statedTotal}
              />
            </li>
          </ul>
        </div>
      ) : null}
    </figure>
  );
}
