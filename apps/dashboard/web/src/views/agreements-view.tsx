import type { AgreementDetail, ExchangeTotals, SourceView, TotalsGroup } from '../api/wire';
import { Empty, Loaded } from '../components/status';
import { Names, words } from '../format/names';
import { formatInstant } from '../format/time';
import { claimHref } from '../route';
import { useLedger } from '../state/ledger-context';
import { useQuery } from '../state/use-query';
import { ExchangeCard, termAgreedText } from './exchange-list';
import { TotalsTable } from './totals-table';

interface AgreementPicture {
  readonly detail: AgreementDetail;
  readonly totals: readonly TotalsGroup[];
  readonly exchanges: readonly ExchangeTotals[];
}

interface AgreementsData {
  readonly agreements: readonly AgreementPicture[];
  readonly sources: readonly SourceView[];
}

/** Every agreement with its terms, and per term and direction each claimant's figures side by side. */
export function AgreementsView() {
  const { api, clock } = useLedger();
  const state = useQuery<AgreementsData>(`agreements|${clock.asOfKey}`, async (signal) => {
    const [list, sources] = await Promise.all([
      api.agreements(clock.asOf, signal),
      api.sources(clock.asOf, signal),
    ]);
    const agreements = await Promise.all(
      list.map(async (a) => {
        const [detail, { totals, exchanges }] = await Promise.all([
          api.agreement(a.agreementId, clock.asOf, signal),
          api.totalsAnswer(a.agreementId, clock.asOf, signal),
        ]);
        return { detail, totals, exchanges };
      }),
    );
    return { agreements, sources };
  });
  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title">Agreements</h2>
      <Loaded state={state} what="agreements">
        {(data) =>
          data.agreements.length === 0 ? (
            <Empty>
              No agreement had been signed in the ledger at this point. Move the slider later, or
              enter one (POST /agreements).
            </Empty>
          ) : (
            data.agreements.map((a) => (
              <AgreementCard key={a.detail.agreementId} picture={a} sources={data.sources} />
            ))
          )
        }
      </Loaded>
    </section>
  );
}

function AgreementCard({
  picture,
  sources,
}: {
  readonly picture: AgreementPicture;
  readonly sources: readonly SourceView[];
}) {
  const { detail, totals, exchanges } = picture;
  const names = new Names(sources, [...detail.parties, ...detail.mediators]);
  return (
    <article class="card agreement" data-agreement={detail.agreementId}>
      <header>
        <h3>{detail.title}</h3>
        <p class="meta">
          {detail.venue} · signed {detail.signedOn} · parties{' '}
          {detail.parties.map((p) => p.name).join(', ')}
          {detail.mediators.length > 0
            ? ` · mediated by ${detail.mediators.map((m) => m.name).join(', ')}`
            : ''}
        </p>
        <p class="meta">
          {detail.liveClaims} live claims ·{' '}
          <a href="#/discrepancies" class={detail.openDiscrepancies > 0 ? 'warn' : undefined}>
            {detail.openDiscrepancies} open discrepanc{detail.openDiscrepancies === 1 ? 'y' : 'ies'}
          </a>
        </p>
      </header>
      <h4>Terms</h4>
      <ul class="terms">
        {detail.terms.map((t) => (
          <li key={t.termId}>
            <strong>{words(t.kind)}</strong>
            {t.description ? ` — ${t.description}` : ''}
            <span class="muted">
              {' '}
              · agreed: {termAgreedText(t, names)} · reciprocity:{' '}
              {words(t.reciprocity) || 'not stated'}
            </span>
            <Completions detail={detail} termId={t.termId} names={names} />
          </li>
        ))}
      </ul>
      <h4>Figures by claimant</h4>
      {totals.length === 0 ? (
        <Empty>No transfer had been reported under this agreement at this point.</Empty>
      ) : (
        totals.map((g) => (
          <TotalsTable
            key={`${g.termId}|${g.direction.from}|${g.direction.to}|${g.measure}`}
            group={g}
            names={names}
            termKind={detail.terms.find((t) => t.termId === g.termId)?.kind ?? g.termId}
          />
        ))
      )}
      {exchanges.length > 0 ? (
        <>
          <h4>Whole exchanges and ratios</h4>
          {exchanges.map((e) => (
            <ExchangeCard
              key={`${e.termId}|${e.measure}|${e.parties.join('|')}`}
              exchange={e}
              names={names}
              termKind={detail.terms.find((t) => t.termId === e.termId)?.kind ?? e.termId}
            />
          ))}
        </>
      ) : null}
    </article>
  );
}

function Completions({
  detail,
  termId,
  names,
}: {
  readonly detail: AgreementDetail;
  readonly termId: string;
  readonly names: Names;
}) {
  const claims = detail.completionClaims.filter((c) => c.termId === termId);
  if (claims.length === 0) return null;
  return (
    <ul class="completions">
      {claims.map((c) => (
        <li key={c.claimId}>
          <a href={claimHref(c.claimId)}>Completed, says {names.source(c.sourceId)}</a>
          <span class="muted">
            {' '}
            (claimed {formatInstant(c.statedAt)}
            {c.status !== 'live' ? `, ${c.status}` : ''})
          </span>
          {c.quote ? <q>{c.quote}</q> : null}
        </li>
      ))}
    </ul>
  );
}
