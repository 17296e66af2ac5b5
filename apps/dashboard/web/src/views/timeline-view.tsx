import type { AsOf, LedgerApi } from '../api/ledger-api';
import type { AgreementView, SourceView } from '../api/wire';
import { Empty, Loaded } from '../components/status';
import { formatCount } from '../format/quantity';
import { Names, words } from '../format/names';
import { formatShortInstant } from '../format/time';
import { useLedger } from '../state/ledger-context';
import { useQuery } from '../state/use-query';
import { ClaimantRows } from './claimant-rows';
import { TimelineChart } from './timeline-chart';
import {
  buildTimelines,
  type GroupTimeline,
  justAfter,
  type Snapshot,
  statementInstants,
} from './timeline-series';

/** Statement times charted at most (each is one totals query); more are thinned evenly. */
const MAX_INSTANTS = 40;
const PARALLEL_QUERIES = 4;

interface AgreementTimelines {
  readonly agreement: AgreementView;
  readonly timelines: readonly GroupTimeline[];
  readonly end: number;
}

interface TimelineData {
  readonly agreements: readonly AgreementTimelines[];
  readonly sources: readonly SourceView[];
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function loadAgreement(
  api: LedgerApi,
  agreement: AgreementView,
  at: AsOf,
  signal: AbortSignal,
): Promise<AgreementTimelines> {
  const filter = { agreementId: agreement.agreementId };
  const [claims, discrepancies] = await Promise.all([
    api.claims({ ...filter, kind: 'transfer' }, at, signal),
    api.discrepancies(filter, at, signal),
  ]);
  const instants = statementInstants(claims, MAX_INSTANTS);
  const snapshots = await mapLimited(instants, PARALLEL_QUERIES, async (t): Promise<Snapshot> => ({
    at: t,
    groups: await api.totals(agreement.agreementId, at, signal, justAfter(t)),
  }));
  const end = instants.length === 0 ? 0 : new Date(instants.at(-1) as string).getTime();
  return { agreement, timelines: buildTimelines(snapshots, discrepancies, claims), end };
}

/** Each claimant's cumulative figure over statement time, disputes marked; follows the as-of slider. */
export function TimelineView() {
  const { api, clock } = useLedger();
  const state = useQuery<TimelineData>(`timeline|${clock.asOfKey}`, async (signal) => {
    const [agreements, sources] = await Promise.all([
      api.agreements(clock.asOf, signal),
      api.sources(clock.asOf, signal),
    ]);
    return {
      agreements: await Promise.all(
        agreements.map((a) => loadAgreement(api, a, clock.asOf, signal)),
      ),
      sources,
    };
  });
  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title">Timeline</h2>
      <p class="lede">
        What each claimant said had been delivered, as their statements came (statement time, not
        recording time); the x axis is statement time in UTC, the y axis the cumulative figure. ◆
        marks where figures part.
      </p>
      <Loaded state={state} what="the timeline">
        {(data) => {
          const charts = data.agreements.flatMap((a) => a.timelines.map((t) => ({ a, t })));
          if (charts.length === 0)
            return (
              <Empty>
                No transfer had been reported at this point, so there is nothing to chart yet.
              </Empty>
            );
          return charts.map(({ a, t }) => (
            <GroupChart
              key={`${a.agreement.agreementId}|${t.key}`}
              agreement={a}
              timeline={t}
              sources={data.sources}
            />
          ));
        }}
      </Loaded>
    </section>
  );
}

function GroupChart({
  agreement,
  timeline,
  sources,
}: {
  readonly agreement: AgreementTimelines;
  readonly timeline: GroupTimeline;
  readonly sources: readonly SourceView[];
}) {
  const a = agreement.agreement;
  const names = new Names(sources, [...a.parties, ...a.mediators]);
  const term = a.terms.find((t) => t.termId === timeline.termId);
  const title = `${words(term?.kind) || timeline.termId} · ${names.direction(timeline.direction)} · ${timeline.measure}`;
  return (
    <figure
      class="card timeline"
      data-term={timeline.termId}
      data-direction={`${timeline.direction.from}->${timeline.direction.to}`}
    >
      <figcaption>
        <strong>{title}</strong> <span class="muted">— {a.title}</span>
      </figcaption>
      <TimelineChart
        timeline={timeline}
        names={names}
        end={agreement.end}
        label={`${title}: cumulative figures by claimant over statement time`}
      />
      <ClaimantRows rows={timeline.rows} names={names} />
      <ul class="dispute-marks">
        {timeline.disputes.map((d) => (
          <li key={d.discrepancyId} class={d.open ? 'open' : 'closed'}>
            ◆ {d.open ? 'Open' : 'Resolved'}{' '}
            {d.kind === 'figure' ? 'dispute' : 'totals discrepancy'} from {formatShortInstant(d.x)}:
            Δ {formatCount(d.delta)} — <a href="#/discrepancies">see discrepancies</a>
          </li>
        ))}
      </ul>
      <details>
        <summary>The figures as a table</summary>
        <table class="series-table">
          <thead>
            <tr>
              <th scope="col">Claimant</th>
              <th scope="col">Statement time</th>
              <th scope="col">Cumulative figure</th>
            </tr>
          </thead>
          <tbody>
            {timeline.series.flatMap((s) =>
              s.points.map((p) => (
                <tr key={`${s.sourceId}|${p.x}`}>
                  <th scope="row">{names.source(s.sourceId)}</th>
                  <td>{formatShortInstant(p.x)}</td>
                  <td>{p.label}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
