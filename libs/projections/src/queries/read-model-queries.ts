import type Database from 'better-sqlite3';
import { type AgreementTerm, type Party } from '@ledger/domain';
import { type CellValue, type Row, type TableSpec } from '../read-model/row';
import {
  AGREEMENTS,
  AUDIT_ENTRIES,
  AUDIT_EVENTS,
  type AuditEntryRow,
  CLAIMS,
  type ClaimRow,
  type DiscrepancyRow,
  DISCREPANCIES,
  OFFERS,
  RECONCILIATIONS,
  type ReconciliationRow,
  SOURCES,
} from '../read-model/tables';
import { INFERENCES } from '../read-model/inferences-table';
import { preparedStatement } from '../read-model/statements';
import { decodeRow } from '../read-model/temporal-writer';
import {
  AmbiguousIdError,
  type AsOf,
  Conditions,
  type Page,
  type PageRequest,
  sortKeyFromCursor,
} from './query-sql';
import {
  type ClaimTimeFilter,
  computeTotals,
  OCCURRENCE_LAST_SQL,
  type TotalsGroup,
  type TotalsParts,
} from './totals';
import { type ExchangeTotals } from './exchanges';
import { TotalsCache } from './totals-cache';
import {
  type AgreementView,
  agreementView,
  scopeLinksOf,
  type AuditEntryView,
  auditEntryView,
  type ClaimView,
  claimView,
  type DiscrepancyView,
  discrepancyView,
  type InferenceView,
  inferenceView,
  type OfferView,
  offerView,
  type SourceView,
  sourceView,
} from './views';

export interface ClaimFilter extends ClaimTimeFilter {
  readonly agreementId?: string;
  readonly sourceId?: string;
  readonly kind?: string;
  readonly status?: string;
  readonly termId?: string;
  readonly quantityKey?: string;
}

export interface DiscrepancyFilter {
  readonly agreementId?: string;
  readonly kind?: string;
  readonly status?: string;
  readonly open?: boolean;
  readonly claimId?: string;
  readonly subjectKey?: string;
}

export interface SourceFilter {
  readonly kind?: string;
  readonly affiliation?: string;
}

export interface OfferFilter {
  readonly agreementId?: string;
  readonly status?: string;
  readonly by?: string;
  readonly to?: string;
}

export interface AgreementDetail extends AgreementView {
  readonly completionClaims: ClaimView[];
  readonly liveClaims: number;
  readonly openDiscrepancies: number;
}

/** A sort key as a cursor carries it: positions and ids as text. */
function sortKeyText(value: CellValue | undefined): string {
  if (typeof value === 'bigint' || typeof value === 'number') return value.toString();
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

interface Listing<R extends Row, V> {
  readonly spec: TableSpec<R>;
  /** The unique, never-changing column the pages are ordered by. */
  readonly sortColumn: keyof R & string;
  readonly view: (row: R) => V;
}

/**
 * Every query of the read models, for any position: each is one indexed SQL read of the row
 * versions valid at that position (no replay). Callers run a whole answer inside one read
 * transaction (see ReadModels.read) so it reflects a single checkpoint.
 */
export class ReadModelQueries {
  private readonly totalsCache = new TotalsCache();

  constructor(private readonly db: Database.Database) {}

  agreements(at: AsOf, page: PageRequest): Page<AgreementView> {
    return this.list(
      { spec: AGREEMENTS, sortColumn: 'agreement_id', view: agreementView },
      new Conditions(at),
      page,
    );
  }

  agreement(at: AsOf, agreementId: string): AgreementDetail | undefined {
    const row = this.one(
      AGREEMENTS,
      new Conditions(at).when('id', agreementId, 'agreement_id = @id'),
    );
    if (row === undefined) return undefined;
    const completions = new Conditions(at)
      .when('id', agreementId, 'agreement_id = @id')
      .when('kind', 'completion', 'kind = @kind');
    return {
      ...agreementView(row),
      completionClaims: this.all(CLAIMS, completions, 'recorded_position').map(claimView),
      liveClaims: this.count(
        CLAIMS,
        new Conditions(at)
          .when('id', agreementId, 'agreement_id = @id')
          .when('status', 'live', 'status = @status'),
      ),
      openDiscrepancies: this.count(
        DISCREPANCIES,
        new Conditions(at)
          .when('id', agreementId, 'agreement_id = @id')
          .when('open', 1, 'is_open = @open'),
      ),
    };
  }

  /** Undefined when the agreement was not signed as of the position. Cached by the agreement's totals version. */
  totals(at: AsOf, agreementId: string, filter: ClaimTimeFilter): TotalsGroup[] | undefined {
    return this.totalsParts(at, agreementId, filter)?.groups;
  }

  /** The whole exchanges between the agreement's parties, from the same claims as totals(). */
  exchanges(at: AsOf, agreementId: string, filter: ClaimTimeFilter): ExchangeTotals[] | undefined {
    return this.totalsParts(at, agreementId, filter)?.exchanges;
  }

  private totalsParts(
    at: AsOf,
    agreementId: string,
    filter: ClaimTimeFilter,
  ): TotalsParts | undefined {
    const agreement = this.one(
      AGREEMENTS,
      new Conditions(at).when('id', agreementId, 'agreement_id = @id'),
    );
    if (agreement === undefined) return undefined;
    return this.totalsCache.get(agreementId, filter, this.totalsVersion(at, agreementId), () => {
      const transfers = new Conditions(at)
        .when('id', agreementId, 'agreement_id = @id')
        .when('kind', 'transfer', 'kind = @kind');
      const claims: ClaimRow[] = this.all(CLAIMS, transfers, 'recorded_position');
      const reconciliations: ReconciliationRow[] = this.all(
        RECONCILIATIONS,
        new Conditions(at).when('id', agreementId, 'agreement_id = @id'),
        'reconciliation_key',
      );
      const disputes: DiscrepancyRow[] = this.all(
        DISCREPANCIES,
        new Conditions(at)
          .when('id', agreementId, 'agreement_id = @id')
          .when('kind', 'figure', 'kind = @kind')
          .when('open', 1, 'is_open = @open'),
        'detected_position',
      );
      return computeTotals(
        claims,
        {
          terms: agreement.terms as unknown as AgreementTerm[],
          parties: agreement.parties as unknown as Party[],
          scopeLinks: scopeLinksOf(agreement),
        },
        { reconciliations, disputes },
        filter,
      );
    });
  }

  /**
   * The desk's inferences on an agreement, in recorded order, under the totals' time filters:
   * `claimedBefore` keeps those inferred before it, `occurredBefore` those whose whole occurrence
   * period ended before it (the claims' rule).
   */
  inferences(at: AsOf, agreementId: string, filter: ClaimTimeFilter): InferenceView[] {
    const where = new Conditions(at)
      .when('id', agreementId, 'agreement_id = @id')
      .when('claimedBefore', filter.claimedBefore, 'inferred_at < @claimedBefore')
      .when('occurredBefore', filter.occurredBefore, `${OCCURRENCE_LAST_SQL} < @occurredBefore`);
    return this.all(INFERENCES, where, 'recorded_position').map(inferenceView);
  }

  /**
   * The last position at or before the one asked that wrote a row the totals read: three index
   * seeks (the primary key of agreements, (agreement_id, kind, valid_from) of claims,
   * (agreement_id, valid_from) of reconciliations), whatever the agreement's length, and a range
   * of (agreement_id, detected_position, valid_from) of discrepancies, as long as the
   * agreement's dispute versions (far fewer than its claims).
   */
  private totalsVersion(at: AsOf, agreementId: string): bigint {
    const row = preparedStatement(
      this.db,
      `SELECT max(
         (SELECT max(valid_from) FROM agreements WHERE agreement_id = @id AND valid_from <= @at),
         coalesce((SELECT max(valid_from) FROM claims WHERE agreement_id = @id AND kind = 'transfer' AND valid_from <= @at), 0),
         coalesce((SELECT max(valid_from) FROM reconciliations WHERE agreement_id = @id AND valid_from <= @at), 0),
         coalesce((SELECT max(valid_from) FROM discrepancies WHERE agreement_id = @id AND valid_from <= @at), 0)
       ) AS version`,
    ).get({ id: agreementId, at: at.position }) as { version: bigint | number };
    return BigInt(row.version);
  }

  claims(at: AsOf, filter: ClaimFilter, page: PageRequest): Page<ClaimView> {
    const where = new Conditions(at)
      .when('agreementId', filter.agreementId, 'agreement_id = @agreementId')
      .when('sourceId', filter.sourceId, 'source_id = @sourceId')
      .when('kind', filter.kind, 'kind = @kind')
      .when('status', filter.status, 'status = @status')
      .when('termId', filter.termId, 'term_id = @termId')
      .when('quantityKey', filter.quantityKey, 'quantity_key = @quantityKey')
      .when('claimedBefore', filter.claimedBefore, 'stated_latest < @claimedBefore')
      .when('occurredBefore', filter.occurredBefore, `${OCCURRENCE_LAST_SQL} < @occurredBefore`);
    return this.list(
      { spec: CLAIMS, sortColumn: 'recorded_position', view: claimView },
      where,
      page,
    );
  }

  /** The claim (in `agreementId`, when given); AmbiguousIdError when several agreements hold the id. */
  claim(at: AsOf, claimId: string, agreementId?: string): ClaimView | undefined {
    const row = this.onlyOne(CLAIMS, 'claim', at, { claim_id: claimId }, agreementId);
    return row && claimView(row);
  }

  /** Undefined when the claim had not been recorded as of the position; ambiguous as claim(). */
  auditTrail(
    at: AsOf,
    claimId: string,
    page: PageRequest,
    agreementId?: string,
  ): Page<AuditEntryView> | undefined {
    const claim = this.onlyOne(CLAIMS, 'claim', at, { claim_id: claimId }, agreementId);
    if (claim === undefined) return undefined;
    const where = new Conditions(at)
      .when('id', claimId, 'claim_id = @id')
      .when('agreementId', claim.agreement_id, 'agreement_id = @agreementId');
    const entries = this.list(
      { spec: AUDIT_ENTRIES, sortColumn: 'position', view: (row: AuditEntryRow) => row },
      where,
      page,
    );
    const event = preparedStatement(this.db, 'SELECT * FROM audit_events WHERE position = ?');
    const items = entries.items.map((entry) =>
      auditEntryView(
        entry,
        decodeRow(AUDIT_EVENTS, event.get(entry.position) as Record<string, unknown>),
      ),
    );
    return { items, nextAfter: entries.nextAfter };
  }

  discrepancies(at: AsOf, filter: DiscrepancyFilter, page: PageRequest): Page<DiscrepancyView> {
    const where = new Conditions(at)
      .when('agreementId', filter.agreementId, 'agreement_id = @agreementId')
      .when('kind', filter.kind, 'kind = @kind')
      .when('status', filter.status, 'status = @status')
      .when('open', filter.open === undefined ? undefined : Number(filter.open), 'is_open = @open')
      .when('subjectKey', filter.subjectKey, 'subject_key = @subjectKey')
      .when(
        'claimId',
        filter.claimId,
        'EXISTS (SELECT 1 FROM json_each(claim_ids) WHERE json_each.value = @claimId)',
      );
    return this.list(
      { spec: DISCREPANCIES, sortColumn: 'detected_position', view: discrepancyView },
      where,
      page,
    );
  }

  /** The discrepancy (in `agreementId`, when given); AmbiguousIdError when several agreements hold the id. */
  discrepancy(at: AsOf, discrepancyId: string, agreementId?: string): DiscrepancyView | undefined {
    const row = this.onlyOne(
      DISCREPANCIES,
      'discrepancy',
      at,
      { discrepancy_id: discrepancyId },
      agreementId,
    );
    return row && discrepancyView(row);
  }

  sources(at: AsOf, filter: SourceFilter, page: PageRequest): Page<SourceView> {
    const where = new Conditions(at)
      .when('kind', filter.kind, 'kind = @kind')
      .when('affiliation', filter.affiliation, 'affiliation = @affiliation');
    return this.list({ spec: SOURCES, sortColumn: 'source_id', view: sourceView }, where, page);
  }

  source(at: AsOf, sourceId: string): SourceView | undefined {
    const row = this.one(SOURCES, new Conditions(at).when('id', sourceId, 'source_id = @id'));
    return row && sourceView(row);
  }

  offers(at: AsOf, filter: OfferFilter, page: PageRequest): Page<OfferView> {
    const where = new Conditions(at)
      .when('agreementId', filter.agreementId, 'agreement_id = @agreementId')
      .when('status', filter.status, 'status = @status')
      .when('by', filter.by, 'by_party = @by')
      .when('to', filter.to, 'to_party = @to');
    return this.list({ spec: OFFERS, sortColumn: 'made_position', view: offerView }, where, page);
  }

  offer(at: AsOf, offerId: string): OfferView | undefined {
    const row = this.one(OFFERS, new Conditions(at).when('id', offerId, 'offer_id = @id'));
    return row && offerView(row);
  }

  private list<R extends Row, V>(
    listing: Listing<R, V>,
    where: Conditions,
    page: PageRequest,
  ): Page<V> {
    const { spec, sortColumn } = listing;
    const isPosition = spec.columns[sortColumn] === 'pos';
    if (page.after !== undefined)
      where.when('after', sortKeyFromCursor(page.after, isPosition), `${sortColumn} > @after`);
    const sql = `SELECT * FROM ${spec.name} WHERE ${where.sql} ORDER BY ${sortColumn} LIMIT @pageLimit`;
    const params = { ...where.params, pageLimit: page.limit + 1 };
    const rows = (preparedStatement(this.db, sql).all(params) as Record<string, unknown>[]).map(
      (raw) => decodeRow(spec, raw),
    );
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    const more = rows.length > page.limit && last !== undefined;
    return {
      items: items.map(listing.view),
      nextAfter: more ? sortKeyText(last[sortColumn]) : null,
    };
  }

  /** The row with this id as of `at` (in the agreement, when given): one, none, or AmbiguousIdError. */
  private onlyOne<R extends Row & { agreement_id: string }>(
    spec: TableSpec<R>,
    kind: AmbiguousIdError['kind'],
    at: AsOf,
    id: Readonly<Record<string, string>>,
    agreementId: string | undefined,
  ): R | undefined {
    const [column, value] = Object.entries(id)[0] as [string, string];
    const where = new Conditions(at)
      .when('id', value, `${column} = @id`)
      .when('agreementId', agreementId, 'agreement_id = @agreementId');
    const rows = this.all(spec, where, 'agreement_id');
    if (rows.length > 1)
      throw new AmbiguousIdError(
        kind,
        value,
        rows.map((r) => r.agreement_id),
      );
    return rows[0];
  }

  private one<R extends Row>(spec: TableSpec<R>, where: Conditions): R | undefined {
    const raw = preparedStatement(this.db, `SELECT * FROM ${spec.name} WHERE ${where.sql}`).get(
      where.params,
    ) as Record<string, unknown> | undefined;
    return raw === undefined ? undefined : decodeRow(spec, raw);
  }

  private all<R extends Row>(
    spec: TableSpec<R>,
    where: Conditions,
    orderBy: keyof R & string,
  ): R[] {
    const rows = preparedStatement(
      this.db,
      `SELECT * FROM ${spec.name} WHERE ${where.sql} ORDER BY ${orderBy}`,
    ).all(where.params) as Record<string, unknown>[];
    return rows.map((raw) => decodeRow(spec, raw));
  }

  private count(spec: TableSpec, where: Conditions): number {
    const row = preparedStatement(
      this.db,
      `SELECT count(*) AS n FROM ${spec.name} WHERE ${where.sql}`,
    ).get(where.params) as { n: bigint };
    return Number(row.n);
  }
}
