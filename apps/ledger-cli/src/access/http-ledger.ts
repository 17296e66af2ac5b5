import type { ConsistencyProof, InclusionProof } from '@ledger/audit';
import type {
  AgreementView,
  AuditEntryView,
  ClaimView,
  DiscrepancyView,
  OfferView,
  SourceView,
  TotalsGroup,
  ExchangeTotals,
  InferenceView,
} from '@ledger/projections';
import { type AsOfArg, asOfParams } from '../as-of';
import { CliError, EXIT } from '../io';
import type { Progress } from '../progress';
import type { ScenarioRequest } from '../scenario';
import { ApiClient } from './api-client';
import { importLineOf, requestHeaders } from './import-line';
import type {
  ClaimTrail,
  ImportOptions,
  LedgerAccess,
  LedgerSnapshot,
  SignedCheckpoint,
  VerifyOutcome,
} from './ledger-access';
import { trailKey } from './ledger-access';

/** What a listing is read as of, and in which agreement (a claim's trail). */
type ListScope = { readonly asOfPosition: string; readonly agreementId?: string };
import { checkServerKey, type ServerReport } from './server-verification';

interface ListAnswer<T> {
  readonly asOfPosition: string;
  readonly items: T[];
  readonly nextCursor: string | null;
}

const PAGE_SIZE = '200';

/** A running ledger reached over HTTP with an API key (the auditor role for the audit routes). */
export class HttpLedger implements LedgerAccess {
  readonly description: string;
  private readonly api: ApiClient;

  constructor(url: string, key: string | undefined) {
    this.api = new ApiClient(url, key);
    this.description = `the API at ${this.api.baseUrl}`;
  }

  async snapshot(
    asOf: AsOfArg | undefined,
    options: { withTrails: boolean; progress: Progress },
  ): Promise<LedgerSnapshot> {
    options.progress.counting('records', 'Read');
    let fetched = 0;
    const counted = <T>(items: T[]): T[] => {
      fetched += items.length;
      options.progress.update(fetched);
      return items;
    };
    // The first answer pins the position: every later one is read as of it, whatever arrives meanwhile.
    const first = await this.api.getJson<ListAnswer<AgreementView>>('/agreements', {
      ...asOfParams(asOf),
      limit: PAGE_SIZE,
    });
    const at = { asOfPosition: first.asOfPosition };
    const agreements = counted([
      ...first.items,
      ...(await this.rest<AgreementView>('/agreements', at, first.nextCursor)),
    ]);
    const totals = [];
    for (const { agreementId } of agreements) {
      const answer = await this.api.getJson<{
        totals: TotalsGroup[];
        exchanges: ExchangeTotals[];
        inferences: InferenceView[];
      }>(`/agreements/${encodeURIComponent(agreementId)}/totals`, at);
      totals.push({
        agreementId,
        groups: counted(answer.totals),
        exchanges: counted(answer.exchanges),
        inferences: counted(answer.inferences),
      });
    }
    const discrepancies = counted(await this.all<DiscrepancyView>('/discrepancies', at));
    const sources = counted(await this.all<SourceView>('/sources', at));
    const claims = counted(await this.all<ClaimView>('/claims', at));
    const offers = counted(await this.all<OfferView>('/offers', at));
    let trails: Map<string, AuditEntryView[]> | undefined;
    if (options.withTrails) {
      trails = new Map();
      for (const claim of claims)
        trails.set(
          trailKey(claim),
          counted(
            await this.all<AuditEntryView>(
              `/claims/${encodeURIComponent(claim.claimId)}/audit-trail`,
              { ...at, agreementId: claim.agreementId },
            ),
          ),
        );
    }
    options.progress.finish(`as of position ${first.asOfPosition}`);
    return {
      asOfPosition: first.asOfPosition,
      agreements,
      totals,
      discrepancies,
      sources,
      claims,
      offers,
      ...(trails ? { trails } : {}),
    };
  }

  async auditTrail(
    claimId: string,
    asOf: AsOfArg | undefined,
    progress: Progress,
    agreementId?: string,
  ): Promise<ClaimTrail> {
    const path = `/claims/${encodeURIComponent(claimId)}`;
    const scope: Record<string, string> = agreementId === undefined ? {} : { agreementId };
    const { asOfPosition, claim } = await this.api.getJson<{
      asOfPosition: string;
      claim: ClaimView;
    }>(path, { ...asOfParams(asOf), ...scope });
    const entries = await this.all<AuditEntryView>(`${path}/audit-trail`, {
      asOfPosition,
      agreementId: claim.agreementId,
    });
    progress.update(entries.length);
    progress.finish(`as of position ${asOfPosition}`);
    return { asOfPosition, claim, entries };
  }

  async verify(trustedKeyPems: readonly string[], progress: Progress): Promise<VerifyOutcome> {
    const report = await this.api.getJson<ServerReport>('/audit/verify');
    progress.update(report.eventsChecked);
    progress.finish();
    return checkServerKey(report, trustedKeyPems);
  }

  async proof(position: bigint): Promise<InclusionProof> {
    return this.api.getJson<InclusionProof>(`/audit/proof/${position}`);
  }

  async consistency(oldSize: number): Promise<ConsistencyProof> {
    try {
      return await this.api.getJson<ConsistencyProof>(`/audit/consistency?from=${oldSize}`);
    } catch (error) {
      // 404: no checkpoint signs that many events any more (or yet): the finding, not a usage error.
      if (error instanceof CliError && error.message.includes('-> 404'))
        throw new CliError(error.message, EXIT.failed);
      throw error;
    }
  }

  async publicKey(): Promise<string> {
    return (await this.api.getText('/audit/public-key')).text;
  }

  async checkpoint(): Promise<SignedCheckpoint> {
    return this.api.postJson<SignedCheckpoint>('/audit/checkpoints');
  }

  async importScenario(
    requests: readonly ScenarioRequest[],
    options: ImportOptions,
  ): Promise<void> {
    if (options.actor !== undefined)
      throw new CliError(
        "--actor is for the embedded store; over the API the key's name is the actor",
      );
    const headers = {
      authorization: this.api.authorization(),
      correlationId: options.correlationId,
    };
    for (const [index, request] of requests.entries()) {
      const answer = await this.api.post(
        request.path,
        requestHeaders(request, headers),
        JSON.stringify(request.body),
      );
      const line = importLineOf(
        index,
        request,
        answer.status,
        answer.headers.get('idempotent-replayed') ?? undefined,
        await answer.text(),
      );
      options.onLine(line);
      options.progress.update(index + 1, requests.length);
      if (line.refusal !== undefined) return;
    }
  }

  async close(): Promise<void> {}

  /** Every page of a listing, as of the pinned position. */
  private async all<T>(path: string, at: ListScope): Promise<T[]> {
    const first = await this.api.getJson<ListAnswer<T>>(path, { ...at, limit: PAGE_SIZE });
    return [...first.items, ...(await this.rest<T>(path, at, first.nextCursor))];
  }

  private async rest<T>(path: string, at: ListScope, cursor: string | null): Promise<T[]> {
    const items: T[] = [];
    for (let next = cursor; next !== null;) {
      const page = await this.api.getJson<ListAnswer<T>>(path, {
        ...at,
        limit: PAGE_SIZE,
        cursor: next,
      });
      items.push(...page.items);
      next = page.nextCursor;
    }
    return items;
  }
}
