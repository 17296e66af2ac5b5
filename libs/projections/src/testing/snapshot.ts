import { type AsOf, type Page, type PageRequest } from '../queries/query-sql';
import { type ReadModelQueries } from '../queries/read-model-queries';

/** Every page of a listing, following the cursors (bounded: a listing of more than 1,000 pages is a bug). */
export function allPages<T>(list: (page: PageRequest) => Page<T>, limit: number): T[] {
  const items: T[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = list(after === undefined ? { limit } : { limit, after });
    items.push(...page.items);
    if (page.nextAfter === null) return items;
    after = page.nextAfter;
  }
  throw new Error('more than 1,000 pages');
}

/**
 * The answer to every query the API offers, at one point: all listings (read page by page), each
 * agreement, its totals (also with a statement-time cut-off), each discrepancy, claim, audit trail,
 * source and offer. Two read models agree at a point exactly when these snapshots are equal.
 */
export function everything(
  q: ReadModelQueries,
  at: AsOf,
  claimedBefore = '2025-06-18T00:10:00.000Z',
): unknown {
  const big = { limit: 100_000 };
  const agreements = q.agreements(at, big).items;
  const claims = q.claims(at, {}, big).items;
  const discrepancies = q.discrepancies(at, {}, big).items;
  const sources = q.sources(at, {}, big).items;
  const offers = q.offers(at, {}, big).items;
  return {
    agreements: agreements.map((a) => ({
      detail: q.agreement(at, a.agreementId),
      totals: q.totals(at, a.agreementId, {}),
      totalsClaimedBefore: q.totals(at, a.agreementId, { claimedBefore }),
      totalsOccurredBefore: q.totals(at, a.agreementId, {
        occurredBefore: '2025-06-17T00:00:00.000Z',
      }),
    })),
    claims: claims.map((c) => ({
      claim: q.claim(at, c.claimId),
      trail: q.auditTrail(at, c.claimId, big),
    })),
    claimsPaged: allPages((page) => q.claims(at, {}, page), 3),
    claimsOfUkraine: q.claims(at, { sourceId: 'ua-coordination-hq', claimedBefore }, big),
    liveTransfers: q.claims(at, { kind: 'transfer', status: 'live' }, big),
    discrepancies: discrepancies.map((d) => q.discrepancy(at, d.discrepancyId)),
    discrepanciesPaged: allPages((page) => q.discrepancies(at, {}, page), 2),
    openDiscrepancies: q.discrepancies(at, { open: true }, big),
    discrepanciesOf1245: q.discrepancies(at, { claimId: 'claim-ua-hq-final-1245' }, big),
    sources: sources.map((s) => q.source(at, s.sourceId)),
    sourcesPaged: allPages((page) => q.sources(at, {}, page), 4),
    offers: offers.map((o) => q.offer(at, o.offerId)),
    missing: [
      q.agreement(at, 'nope'),
      q.totals(at, 'nope', {}),
      q.claim(at, 'nope'),
      q.auditTrail(at, 'nope', big),
    ],
  };
}
