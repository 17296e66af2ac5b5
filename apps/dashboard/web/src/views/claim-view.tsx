import type { AgreementView, AuditEntryView, ClaimView, SourceView } from '../api/wire';
import { Figure } from '../components/figure';
import { Loaded } from '../components/status';
import { Names, words } from '../format/names';
import { formatInstant, formatSpan } from '../format/time';
import { claimHref } from '../route';
import { useLedger } from '../state/ledger-context';
import { useQuery } from '../state/use-query';
import { AuditTrail } from './audit-trail';

interface ClaimData {
  readonly claim: ClaimView;
  readonly sources: readonly SourceView[];
  readonly agreements: readonly AgreementView[];
}

/**
 * One claim: what it says and who says it, its three times kept apart, and its audit trail. The
 * trail is loaded on its own: the ledger may let a key read claims but not audit trails (an
 * auditor's), and then the rest of the page still shows.
 */
export function ClaimPage({ claimId }: { readonly claimId: string }) {
  const { api, clock } = useLedger();
  const state = useQuery<ClaimData>(`claim|${claimId}|${clock.asOfKey}`, async (signal) => {
    const [claim, sources, agreements] = await Promise.all([
      api.claim(claimId, clock.asOf, signal),
      api.sources(clock.asOf, signal),
      api.agreements(clock.asOf, signal),
    ]);
    return { claim, sources, agreements };
  });
  const trail = useQuery<readonly AuditEntryView[]>(`trail|${claimId}|${clock.asOfKey}`, (signal) =>
    api.auditTrail(claimId, clock.asOf, signal),
  );
  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title">
        Claim <code>{claimId}</code>
      </h2>
      <Loaded state={state} what={`claim ${claimId}`}>
        {(data) => {
          const agreement = data.agreements.find((a) => a.agreementId === data.claim.agreementId);
          const names = new Names(
            data.sources,
            agreement ? [...agreement.parties, ...agreement.mediators] : [],
          );
          return (
            <>
              <ClaimSummary claim={data.claim} names={names} />
              <ThreeTimes claim={data.claim} />
              <h3>Audit trail</h3>
              <Loaded state={trail} what="the audit trail">
                {(entries) => <AuditTrail entries={entries} names={names} />}
              </Loaded>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function ClaimSummary({ claim, names }: { readonly claim: ClaimView; readonly names: Names }) {
  const source = names.sourceInfo(claim.sourceId);
  return (
    <article class="card claim" data-claim-status={claim.status}>
      <p class="claim-what">
        <strong>{names.source(claim.sourceId)}</strong>
        {source ? (
          <span class="muted">
            {' '}
            ({words(source.kind)}
            {source.affiliation ? `, ${source.affiliation}` : ''})
          </span>
        ) : null}{' '}
        says: {whatItSays(claim, names)}
      </p>
      <p class="meta">
        <span class={`badge status-${claim.status}`}>{claim.status}</span>
        {claim.supersedes ? (
          <>
            {' '}
            · revises <a href={claimHref(claim.supersedes)}>{claim.supersedes}</a>
          </>
        ) : null}
        {claim.supersededBy ? (
          <>
            {' '}
            · revised by <a href={claimHref(claim.supersededBy)}>{claim.supersededBy}</a>
          </>
        ) : null}
        {claim.ended?.reason ? ` · ${claim.ended.reason}` : ''}
      </p>
      {claim.quote ? <blockquote>{claim.quote}</blockquote> : null}
      {claim.link ? (
        <p>
          <a href={claim.link} rel="noopener noreferrer" target="_blank">
            Source document
          </a>
        </p>
      ) : null}
      {claim.corroborations && claim.corroborations.length > 0 ? (
        <p class="meta">
          Corroborated by{' '}
          {claim.corroborations
            .map((c) => `${names.source(c.sourceId)} (${words(c.independence)})`)
            .join(', ')}
        </p>
      ) : null}
    </article>
  );
}

function whatItSays(claim: ClaimView, names: Names) {
  if (claim.kind === 'completion') return <>the term “{words(claim.termId)}” has been completed</>;
  if (claim.kind === 'characterization')
    return (
      <>
        {words(claim.property)} is “{words(claim.value)}”
      </>
    );
  const scope =
    claim.scope?.kind === 'phase'
      ? `in the ${claim.scope.phase} phase`
      : claim.scope?.kind === 'exchange'
        ? 'in all, both directions together'
        : `in total${claim.scope?.period ? ` (${claim.scope.period})` : ''}`;
  return (
    <>
      {claim.quantity ? <Figure quantity={claim.quantity} /> : '?'} {claim.measure} {scope},{' '}
      {names.direction(claim.direction)} ({words(claim.termId)})
    </>
  );
}

/** The three times, side by side and never merged: each answers a different question. */
function ThreeTimes({ claim }: { readonly claim: ClaimView }) {
  return (
    <dl class="three-times" aria-label="The claim's three times">
      <div class="time happened">
        <dt>Happened</dt>
        <dd>{claim.kind === 'transfer' ? formatSpan(claim.occurredAt) : 'not a transfer'}</dd>
        <dd class="hint">when the transfer took place</dd>
      </div>
      <div class="time claimed">
        <dt>Claimed</dt>
        <dd>{formatInstant(claim.statedAt)}</dd>
        <dd class="hint">when the source said it</dd>
      </div>
      <div class="time recorded">
        <dt>Recorded</dt>
        <dd>{formatInstant(claim.recorded.recordedAt)}</dd>
        <dd class="hint">when the ledger wrote it (position {claim.recorded.position})</dd>
      </div>
    </dl>
  );
}
