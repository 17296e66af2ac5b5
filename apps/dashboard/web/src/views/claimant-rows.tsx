import type { Names } from '../format/names';
import { formatCount } from '../format/quantity';
import { LineSample, seriesStyle } from './timeline-chart';
import type { ClaimantRow } from './timeline-series';
import { PhasesAgainstTotalColumns, reconciliationText } from './totals-table';

/**
 * Each claimant's figures as of the newest statement, one row each: the gaps themselves as
 * numbers and bars — how far above the lowest claimant each stands (1,248 is +3 over 1,245), and
 * how its phases compare with its own stated total (51 against 78: short by 27) — which two
 * lines a few pixels apart, or far apart on different scales, do not show.
 */
export function ClaimantRows({
  rows,
  names,
}: {
  readonly rows: readonly ClaimantRow[];
  readonly names: Names;
}) {
  const widest = Math.max(1, ...rows.map((r) => r.aboveLowest ?? 0));
  return (
    <table class="claimant-rows">
      <caption>Where the figures part, as of the newest statement</caption>
      <thead>
        <tr>
          <th scope="col">Claimant</th>
          <th scope="col">Cumulative figure</th>
          <th scope="col">Above the lowest of its kind</th>
          <PhasesAgainstTotalColumns />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.sourceId} data-claimant={r.sourceId}>
            <th scope="row">
              <LineSample style={seriesStyle({ claimant: r.claimant, kind: 'claimed' })} />{' '}
              {names.source(r.sourceId)}
            </th>
            <td data-label="Cumulative figure">{r.claimed}</td>
            <td data-label="Above the lowest" class="above-lowest">
              {r.aboveLowest === null
                ? '—'
                : r.aboveLowest === 0
                  ? 'lowest'
                  : `+${formatCount(r.aboveLowest)}`}
              {r.aboveLowest ? (
                <span
                  class="gap-bar"
                  style={{ width: `${Math.round((r.aboveLowest / widest) * 100)}%` }}
                  aria-hidden="true"
                />
              ) : null}
            </td>
            <td data-label="Sum of phases">{r.phaseSum ?? '—'}</td>
            <td data-label="Stated total">{r.statedTotal ?? '—'}</td>
            <td data-label="Phases vs own total" class="phases-vs-total">
              {reconciliationText(r.reconciliation)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
