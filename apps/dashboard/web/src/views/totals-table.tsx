import type { ClaimantTotals, TotalsGroup } from '../api/wire';
import { FulfilmentList } from './fulfilment-list';
import { Figure } from '../components/figure';
import { formatCount, formatRange } from '../format/quantity';
import { type Names, words } from '../format/names';

/**
 * One term and direction: each claimant's figures side by side, phase by phase and as stated
 * totals, the range they span, and each claimant's delivery against what was agreed. No row is
 * preferred: the ledger never picks a winner.
 */
export function TotalsTable({
  group,
  names,
  termKind,
}: {
  readonly group: TotalsGroup;
  readonly names: Names;
  readonly termKind: string;
}) {
  const phases = group.phases.map((p) => p.phase);
  const title = `${words(termKind) || group.termId} · ${names.direction(group.direction)} · ${group.measure}`;
  return (
    <figure
      class="totals"
      data-term={group.termId}
      data-direction={`${group.direction.from}->${group.direction.to}`}
    >
      <figcaption>{title}</figcaption>
      <div class="table-scroll" tabIndex={0} aria-label={`${title}: figures by claimant`}>
        <table>
          <thead>
            <tr>
              <th scope="col">Claimant</th>
              {phases.map((phase) => (
                <th scope="col" key={phase}>
                  {phase} phase
                </th>
              ))}
              <PhasesAgainstTotalColumns />
            </tr>
          </thead>
          <tbody>
            {group.claimants.map((c) => (
              <ClaimantRow key={c.sourceId} claimant={c} phases={phases} names={names} />
            ))}
          </tbody>
          <tfoot>
            <tr class="range-row">
              <th scope="row">Range</th>
              {group.phases.map((p) => (
                <td
                  key={p.phase}
                  data-label={`${p.phase} phase`}
                  class={p.spread > 0 ? 'parts' : undefined}
                >
                  <span>
                    {formatRange(p.range)}
                    {p.spread > 0 ? (
                      <span class="badge disputed">figures part by {formatCount(p.spread)}</span>
                    ) : null}
                  </span>
                </td>
              ))}
              <td data-label="Sum of phases">{formatRange(group.range.phaseSum)}</td>
              <td data-label="Stated total">{formatRange(group.range.statedTotal)}</td>
              <td class="empty-cell" />
            </tr>
          </tfoot>
        </table>
      </div>
      <FulfilmentList fulfilment={group.fulfilment} names={names} />
    </figure>
  );
}

function ClaimantRow({
  claimant,
  phases,
  names,
}: {
  readonly claimant: ClaimantTotals;
  readonly phases: readonly string[];
  readonly names: Names;
}) {
  const source = names.sourceInfo(claimant.sourceId);
  return (
    <tr data-claimant={claimant.sourceId}>
      <th scope="row">
        {names.source(claimant.sourceId)}
        {source?.affiliation ? <span class="muted"> ({source.affiliation})</span> : null}
      </th>
      {phases.map((phase) => {
        const figure = claimant.phases.find((p) => p.phase === phase);
        return (
          <td key={phase} data-label={`${phase} phase`}>
            {figure ? (
              <Figure quantity={figure.quantity} claimId={figure.claimId} />
            ) : (
              <span class="muted">—</span>
            )}
          </td>
        );
      })}
      <td data-label="Sum of phases">{formatRange(claimant.phaseSum)}</td>
      <td data-label="Stated total">
        {claimant.statedTotal ? (
          <span>
            <Figure
              quantity={claimant.statedTotal.quantity}
              claimId={claimant.statedTotal.claimId}
            />
            {claimant.statedTotal.period ? (
              <span class="muted"> {claimant.statedTotal.period}</span>
            ) : null}
          </span>
        ) : (
          <span class="muted">—</span>
        )}
      </td>
      <td data-label="Phases vs own total">{reconciliationText(claimant.reconciliation)}</td>
    </tr>
  );
}

/** The three columns a claimant's phases and own total take, here and under the timeline. */
export function PhasesAgainstTotalColumns() {
  return (
    <>
      <th scope="col">Sum of phases</th>
      <th scope="col">Stated total</th>
      <th scope="col">Phases vs own total</th>
    </>
  );
}

export function reconciliationText(r: ClaimantTotals['reconciliation']): string {
  if (r === null) return '—';
  if (r.outcome === 'reconciled') return 'add up';
  if (r.outcome === 'not_comparable') return 'no longer comparable';
  const gap = r.gap === null ? '' : ` by ${formatCount(r.gap)}`;
  return r.kind === 'phases_exceed_total'
    ? `phases exceed total${gap}`
    : `phases short of total${gap}`;
}
