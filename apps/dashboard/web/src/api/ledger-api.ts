import { getJson, withParams, type Params } from './http';
import type {
  AgreementDetail,
  AgreementView,
  AuditEntryView,
  ClaimView,
  DiscrepancyView,
  ExchangeTotals,
  SourceView,
  TotalsGroup,
} from './wire';

/**
 * The query endpoints the dashboard reads, all in one place. Every read names the point in the
 * ledger's history it is for: pinned to a global position (the as-of slider), or live, at the
 * last position the event stream has shown. Either way it goes out as `asOfPosition`, so all the
 * reads behind one view answer for the same point, and the API waits (bounded) for its read
 * models to reach a position the stream has just announced.
 */
export type AsOf =
  | { readonly kind: 'live'; readonly atLeast?: string }
  | { readonly kind: 'pinned'; readonly position: string };

export function asOfParams(at: AsOf): Params {
  const position = at.kind === 'pinned' ? at.position : at.atLeast;
  return position === undefined ? {} : { asOfPosition: position };
}

/** A list answer, one page: the cursor of the next page pins the position this one answered for. */
interface PageBody<T> {
  readonly asOfPosition: string;
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** Pages read at most per list: the dashboard shows a ledger's working set, not an archive. */
const MAX_PAGES = 20;
const PAGE_SIZE = 200;

export class LedgerApi {
  constructor(private readonly apiKey: string | undefined) {}

  agreements(at: AsOf, signal: AbortSignal): Promise<AgreementView[]> {
    return this.all<AgreementView>('/agreements', asOfParams(at), signal);
  }

  async agreement(agreementId: string, at: AsOf, signal: AbortSignal): Promise<AgreementDetail> {
    const body = await this.get<{ readonly agreement: AgreementDetail }>(
      `/agreements/${encodeURIComponent(agreementId)}`,
      asOfParams(at),
      signal,
    );
    return body.agreement;
  }

  /** `claimedBefore`: only what had been stated before that instant counts. */
  async totals(
    agreementId: string,
    at: AsOf,
    signal: AbortSignal,
    claimedBefore?: string,
  ): Promise<TotalsGroup[]> {
    return (await this.totalsAnswer(agreementId, at, signal, claimedBefore)).totals;
  }

  /** The totals with the whole exchanges between the parties (figures for both directions, ratios). */
  totalsAnswer(
    agreementId: string,
    at: AsOf,
    signal: AbortSignal,
    claimedBefore?: string,
  ): Promise<{ readonly totals: TotalsGroup[]; readonly exchanges: ExchangeTotals[] }> {
    return this.get<{ readonly totals: TotalsGroup[]; readonly exchanges: ExchangeTotals[] }>(
      `/agreements/${encodeURIComponent(agreementId)}/totals`,
      { ...asOfParams(at), claimedBefore },
      signal,
    );
  }

  claims(
    filter: { readonly agreementId?: string; readonly kind?: string },
    at: AsOf,
    signal: AbortSignal,
  ): Promise<ClaimView[]> {
    return this.all<ClaimView>('/claims', { ...filter, ...asOfParams(at) }, signal);
  }

  async claim(claimId: string, at: AsOf, signal: AbortSignal): Promise<ClaimView> {
    const body = await this.get<{ readonly claim: ClaimView }>(
      `/claims/${encodeURIComponent(claimId)}`,
      asOfParams(at),
      signal,
    );
    return body.claim;
  }

  auditTrail(claimId: string, at: AsOf, signal: AbortSignal): Promise<AuditEntryView[]> {
    return this.all<AuditEntryView>(
      `/claims/${encodeURIComponent(claimId)}/audit-trail`,
      asOfParams(at),
      signal,
    );
  }

  discrepancies(
    filter: { readonly agreementId?: string },
    at: AsOf,
    signal: AbortSignal,
  ): Promise<DiscrepancyView[]> {
    return this.all<DiscrepancyView>('/discrepancies', { ...filter, ...asOfParams(at) }, signal);
  }

  sources(at: AsOf, signal: AbortSignal): Promise<SourceView[]> {
    return this.all<SourceView>('/sources', asOfParams(at), signal);
  }

  private get<T>(path: string, params: Params, signal: AbortSignal): Promise<T> {
    return getJson<T>(withParams(path, params), this.apiKey, signal);
  }

  /** Every page of a list, following the cursor (which pins the position the first page answered for). */
  private async all<T>(path: string, params: Params, signal: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const body = await this.get<PageBody<T>>(
        path,
        { ...params, limit: PAGE_SIZE, cursor },
        signal,
      );
      items.push(...body.items);
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    return items;
  }
}
