import {
  type AgreementView,
  type ClaimView,
  type DiscrepancyView,
  isTotalsComparison,
  type SourceView,
} from '../api/wire';
import { Figure } from '../components/figure';
import { Empty, Loaded } from '../components/status';
import { formatCount, formatRange } from '../format/quantity';
import { Names, words } from '../format/names';
import { formatInstant } from '../format/time';
import { claimHref } from '../route';
import { useLedger } from '../state/ledger-context';
import { useQuery } from '../state/use-query';
import { type Finding, groupFindings, isRunningTotalDispute } from './findings';

interface DiscrepanciesData {
  readonly discrepancies: readonly DiscrepancyView[];
  readonly claims: ReadonlyMap<string, ClaimView>;
  readonly sources: readonly SourceView[];
  readonly agreements: readonly AgreementView[];
}

/** Where the figures part: open and resolved, the values and the gap, each claim one click away. */
export function DiscrepanciesView() {
  const { api, clock } = useLedger();
  const state = useQuery<DiscrepanciesData>(`discrepancies|${clock.asOfKey}`, async (signal) => {
    const [discrepancies, claims, sources, agreements] = await Promise.all([
      api.discrepancies({}, clock.asOf, signal),
      api.claims({}, clock.asOf, signal),
      api.sources(clock.asOf, signal),
      api.agreements(clock.asOf, signal),
    ]);
    return {
      discrepancies,
      claims: new Map(claims.map((c) => [c.claimId, c])),
      sources,
      agreements,
    };
  });
  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title">Discrepancies</h2>
      <Loaded state={state} what="discrepancies">
        {(data) => {
          const names = new Names(
            data.sources,
            data.agreements.flatMap((a) => [...a.parties, ...a.mediators]),
          );
          const open = data.discrepancies.filter((d) => d.open);
          const closed = data.discrepancies.filter((d) => !d.open);
          // A finding with any open discrepancy is listed as open, its linked ones beside it.
          const findings = groupFindings(data.discrepancies, data.claims);
          const shown = (f: Finding) => (
            <FindingCards
              key={f.discrepancies.map((d) => d.discrepancyId).join(' ')}
              finding={f}
              claims={data.claims}
              names={names}
            />
          );
          return (
            <>
              <h3>Open ({open.length})</h3>
              {open.length === 0 ? (
                <Empty>
                  No open discrepancy at this point: every figure on the same quantity agreed.
                </Empty>
              ) : null}
              {findings.filter((f) => f.open).map(shown)}
              <h3>Resolved or withdrawn ({closed.length})</h3>
              {closed.length === 0 ? <Empty>None resolved yet.</Empty> : null}
              {findings.filter((f) => !f.open).map(shown)}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

/** One finding: a discrepancy alone, or linked disputes grouped as the one gap they show. */
function FindingCards({
  finding,
  claims,
  names,
}: {
  readonly finding: Finding;
  readonly claims: ReadonlyMap<string, ClaimView>;
  readonly names: Names;
}) {
  const cards = finding.discrepancies.map((d) => (
    <DiscrepancyCard key={d.discrepancyId} d={d} claims={claims} names={names} />
  ));
  if (finding.discrepancies.length < 2) return <>{cards}</>;
  const [first] = finding.discrepancies;
  return (
    <section
      class="finding"
      aria-label="One gap, one finding"
      data-finding={finding.discrepancies.map((d) => d.discrepancyId).join(' ')}
    >
      <p class="finding-note">
        <strong>One gap, one finding:</strong> these {finding.discrepancies.length} disputes show
        the same difference of Δ {formatCount(first?.delta ?? 0)} between the same sources, once in
        a phase figure and once in the running totals. The phase explains the totals.
      </p>
      {cards}
    </section>
  );
}

function DiscrepancyCard({
  d,
  claims,
  names,
}: {
  readonly d: DiscrepancyView;
  readonly claims: ReadonlyMap<string, ClaimView>;
  readonly names: Names;
}) {
  const kind =
    d.kind === 'figure'
      ? 'Disputed figure'
      : `Totals do not add up (${names.source(d.claimantSourceId)})`;
  return (
    <article
      class={`card discrepancy ${d.open ? 'open' : 'closed'}`}
      data-discrepancy={d.discrepancyId}
    >
      <header>
        <h4>
          {kind}: <span class="delta">Δ {formatCount(d.delta)}</span>
        </h4>
        <p class="meta">
          <span class={`badge status-${d.status}`}>{words(d.status)}</span> ·{' '}
          {subjectText(d, claims, names)}
        </p>
      </header>
      {d.kind === 'figure' ? (
        <FigureValues d={d} claims={claims} names={names} />
      ) : (
        <TotalsValues d={d} claims={claims} names={names} />
      )}
      <p class="meta">
        Detected by{' '}
        {d.detectedBy === 'rule'
          ? `the ledger's rule (${words(d.detection)})`
          : `a person: ${d.detection ?? 'no reason given'}`}{' '}
        · recorded {formatInstant(d.detected.recordedAt)} (position {d.detected.position})
        {d.statusChanged.reason ? ` · status: ${d.statusChanged.reason}` : ''}
      </p>
      {d.linkedDisputeIds.length > 0 ? (
        <p class="meta linked">
          {isRunningTotalDispute(d, claims) ? 'Explained by' : 'Explains'}{' '}
          {d.linkedDisputeIds.join(', ')}
        </p>
      ) : null}
    </article>
  );
}

/** What is disputed, in words: the term, direction and scope of the claims involved. */
function subjectText(
  d: DiscrepancyView,
  claims: ReadonlyMap<string, ClaimView>,
  names: Names,
): string {
  const claim = d.claimIds.map((id) => claims.get(id)).find((c) => c !== undefined);
  if (claim === undefined) return d.subjectKey;
  const scope =
    claim.scope === null
      ? ''
      : claim.scope.kind === 'phase'
        ? `${claim.scope.phase} phase`
        : claim.scope.kind === 'exchange'
          ? 'whole exchange, both directions'
          : `cumulative${claim.scope.period ? ` (${claim.scope.period})` : ''}`;
  return [
    words(claim.termId),
    names.direction(claim.direction),
    claim.measure,
    d.kind === 'figure' ? scope : 'phases against stated total',
  ]
    .filter(Boolean)
    .join(' · ');
}

function ClaimLine({
  claimId,
  quantity,
  claims,
  names,
  label,
}: {
  readonly claimId: string;
  readonly quantity: Parameters<typeof Figure>[0]['quantity'];
  readonly claims: ReadonlyMap<string, ClaimView>;
  readonly names: Names;
  readonly label?: string;
}) {
  const claim = claims.get(claimId);
  return (
    <li>
      {label ? <span class="muted">{label}: </span> : null}
      <Figure quantity={quantity} claimId={claimId} /> —{' '}
      <strong>{names.source(claim?.sourceId)}</strong>
      {claim ? <span class="muted"> · claimed {formatInstant(claim.statedAt)}</span> : null}
      {claim?.quote ? <q>{claim.quote}</q> : null}{' '}
      <a class="open-claim" href={claimHref(claimId)}>
        history of {claimId}
      </a>
    </li>
  );
}

function FigureValues({
  d,
  claims,
  names,
}: {
  readonly d: DiscrepancyView;
  readonly claims: ReadonlyMap<string, ClaimView>;
  readonly names: Names;
}) {
  const values = isTotalsComparison(d.values) ? [] : d.values;
  return (
    <ul class="values">
      {values.map((v) => (
        <ClaimLine
          key={v.claimId}
          claimId={v.claimId}
          quantity={v.quantity}
          claims={claims}
          names={names}
        />
      ))}
    </ul>
  );
}

function TotalsValues({
  d,
  claims,
  names,
}: {
  readonly d: DiscrepancyView;
  readonly claims: ReadonlyMap<string, ClaimView>;
  readonly names: Names;
}) {
  if (!isTotalsComparison(d.values)) return null;
  const { phaseClaims, phaseSum, cumulativeClaim } = d.values;
  return (
    <ul class="values">
      {phaseClaims.map((p) => (
        <ClaimLine
          key={p.claimId}
          claimId={p.claimId}
          quantity={p.quantity}
          claims={claims}
          names={names}
          label={`${p.phase} phase`}
        />
      ))}
      <li>
        <span class="muted">Sum of its phases:</span> {formatRange(phaseSum)}
      </li>
      <ClaimLine
        claimId={cumulativeClaim.claimId}
        quantity={cumulativeClaim.quantity}
        claims={claims}
        names={names}
        label="its stated total"
      />
    </ul>
  );
}
