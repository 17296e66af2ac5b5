import type {
  ClaimView,
  DiscrepancyView,
  InferenceView,
  ScopeLinkView,
  SourceView,
} from '@ledger/projections';
import type { LedgerSnapshot } from '../access/ledger-access';
import { record } from '../render/quantities';
import { type CellValue, csvRow, type CsvOptions, UTF8_BOM } from './csv';

/** What a column holds for one claim, with what the ledger knows around it. */
interface Row {
  readonly claim: ClaimView;
  readonly source: SourceView | undefined;
  readonly disputes: readonly DiscrepancyView[];
  /** The scope links whose labels include the claim's: it is compared under their first key. */
  readonly scopeLinks: readonly ScopeLinkView[];
}

interface Column {
  readonly header: string;
  /** The HXL hashtag (https://hxlstandard.org): what humanitarian data tools read the column as. */
  readonly hxl: string;
  readonly value: (row: Row) => CellValue;
}

const quantity = (claim: ClaimView): Record<string, unknown> | undefined => record(claim.quantity);

/** The lowest and highest count the figure admits ("at least 6,000": 6,000 and open). */
function bound(claim: ClaimView, side: 'lower' | 'upper'): number | undefined {
  const q = quantity(claim);
  if (q === undefined) return undefined;
  if (typeof q[side] === 'number') return q[side];
  const closed =
    q.precision === 'exact' ||
    (side === 'lower' ? q.precision === 'at_least' : q.precision === 'up_to');
  return closed && typeof q.value === 'number' ? q.value : undefined;
}

const list = (values: readonly string[]): string => values.join('; ');
const ids = (values: unknown): string => (Array.isArray(values) ? list(values.map(String)) : '');

export const CLAIM_COLUMNS: readonly Column[] = [
  { header: 'claim_id', hxl: '#meta+id+claim', value: (r) => r.claim.claimId },
  { header: 'agreement_id', hxl: '#meta+agreement', value: (r) => r.claim.agreementId },
  { header: 'claim_kind', hxl: '#meta+claim+type', value: (r) => r.claim.kind },
  { header: 'source_id', hxl: '#org+source+code', value: (r) => r.claim.sourceId },
  { header: 'source_name', hxl: '#org+source+name', value: (r) => r.source?.name },
  { header: 'source_kind', hxl: '#org+source+type', value: (r) => r.source?.kind },
  {
    header: 'source_affiliation',
    hxl: '#org+source+affiliation',
    value: (r) => r.source?.affiliation,
  },
  { header: 'source_relays', hxl: '#org+source+relay_of', value: (r) => r.source?.relayOf },
  { header: 'term_id', hxl: '#meta+term', value: (r) => r.claim.termId },
  { header: 'from_party', hxl: '#org+party+from', value: (r) => r.claim.direction?.from },
  { header: 'to_party', hxl: '#org+party+to', value: (r) => r.claim.direction?.to },
  { header: 'measure', hxl: '#meta+measure', value: (r) => r.claim.measure },
  { header: 'scope', hxl: '#meta+scope', value: (r) => r.claim.scope?.kind },
  {
    header: 'phase_or_period',
    hxl: '#meta+phase',
    value: (r) => {
      const scope = r.claim.scope;
      if (scope?.kind === 'phase') return scope.phase;
      return scope?.kind === 'cumulative' ? scope.period : undefined;
    },
  },
  {
    header: 'value',
    hxl: '#affected+num+claimed',
    value: (r) => quantity(r.claim)?.value as number | undefined,
  },
  {
    header: 'precision',
    // Text: under #affected (a count) HXL tools would try to add it up.
    hxl: '#meta+precision',
    value: (r) => quantity(r.claim)?.precision as string | undefined,
  },
  { header: 'lower_bound', hxl: '#affected+num+min', value: (r) => bound(r.claim, 'lower') },
  { header: 'upper_bound', hxl: '#affected+num+max', value: (r) => bound(r.claim, 'upper') },
  { header: 'property', hxl: '#meta+property', value: (r) => r.claim.property },
  { header: 'characterization', hxl: '#meta+characterization', value: (r) => r.claim.value },
  // What framings are matched by (framingKey): same key, same framing, whatever the words.
  { header: 'property_key', hxl: '#meta+property+key', value: (r) => r.claim.propertyKey },
  {
    header: 'characterization_key',
    hxl: '#meta+characterization+key',
    value: (r) => r.claim.valueKey,
  },
  // When the source said it: HXL's attribute for a report's date.
  { header: 'stated_at', hxl: '#date+reported', value: (r) => r.claim.statedAt },
  // 'day' (stated_at is a day) or 'approximate' ("around" it); empty for an instant.
  {
    header: 'stated_precision',
    hxl: '#meta+reported+precision',
    value: (r) => r.claim.statedAtPrecision,
  },
  { header: 'occurred_from', hxl: '#date+occurred+start', value: (r) => r.claim.occurredAt?.from },
  { header: 'occurred_to', hxl: '#date+occurred+end', value: (r) => r.claim.occurredAt?.to },
  { header: 'status', hxl: '#status+claim', value: (r) => r.claim.status },
  { header: 'supersedes', hxl: '#meta+supersedes', value: (r) => r.claim.supersedes },
  { header: 'superseded_by', hxl: '#meta+superseded_by', value: (r) => r.claim.supersededBy },
  { header: 'revision_reason', hxl: '#meta+revision+reason', value: (r) => r.claim.revisionReason },
  {
    header: 'revision_reported_by',
    hxl: '#org+revision+reported_by',
    value: (r) => r.claim.revisionReportedBy,
  },
  { header: 'ended_reason', hxl: '#meta+ended+reason', value: (r) => r.claim.ended?.reason },
  // A framing's rivals: the framings it contests and those contesting it (never a winner).
  { header: 'contests', hxl: '#meta+contests', value: (r) => ids(r.claim.contests) },
  { header: 'contested_by', hxl: '#meta+contested_by', value: (r) => ids(r.claim.contestedBy) },
  {
    header: 'corroborated_by',
    hxl: '#org+corroborating+code',
    value: (r) =>
      Array.isArray(r.claim.corroborations)
        ? list(r.claim.corroborations.map((c) => String(record(c)?.sourceId)))
        : '',
  },
  {
    header: 'discrepancies',
    hxl: '#meta+discrepancy',
    value: (r) => list(r.disputes.map((d) => `${d.discrepancyId} (${d.status}, delta ${d.delta})`)),
  },
  // One gap, one finding: the disputes at the other scope that show the same difference.
  {
    header: 'linked_discrepancies',
    hxl: '#meta+discrepancy+linked',
    value: (r) => list([...new Set(r.disputes.flatMap((d) => d.linkedDisputeIds))]),
  },
  // Scope links: the labels this claim's is linked with, and the key they are compared under.
  {
    header: 'scope_links',
    hxl: '#meta+scope+linked',
    value: (r) => list(r.scopeLinks.map((l) => l.scopeLinkId)),
  },
  {
    header: 'compared_key',
    hxl: '#meta+scope+compared',
    value: (r) => r.scopeLinks.at(-1)?.quantityKey ?? r.claim.quantityKey,
  },
  { header: 'recorded_position', hxl: '#meta+position', value: (r) => r.claim.recorded.position },
  { header: 'recorded_at', hxl: '#date+recorded', value: (r) => r.claim.recorded.recordedAt },
  { header: 'quote', hxl: '#description+quote', value: (r) => r.claim.quote },
  { header: 'link', hxl: '#meta+url', value: (r) => r.claim.link },
  // A desk inference's row (claim_kind "inference"): who inferred it, why, from which claims.
  { header: 'inferred_by', hxl: '#meta+inferred_by', value: () => undefined },
  { header: 'inference_reason', hxl: '#meta+inference+reason', value: () => undefined },
  { header: 'derived_from', hxl: '#meta+derived_from', value: () => undefined },
  // 1 per row: what HXL tools sum to count claims (the figures themselves overlap, never add up).
  { header: 'claims', hxl: '#meta+count', value: () => 1 },
];

/**
 * A desk inference's cells, by header (the others stay empty): typed "inference", with no source,
 * and counted as no claim (`claims` 0), so HXL tools never add it to the sources' claims.
 */
const INFERENCE_CELLS: Readonly<Record<string, (i: InferenceView) => CellValue>> = {
  claim_id: (i) => i.inferenceId,
  agreement_id: (i) => i.agreementId,
  claim_kind: () => 'inference',
  term_id: (i) => i.termId,
  from_party: (i) => i.direction.from,
  to_party: (i) => i.direction.to,
  measure: (i) => i.measure,
  scope: (i) => i.scope.kind,
  phase_or_period: (i) =>
    i.scope.kind === 'phase'
      ? i.scope.phase
      : i.scope.kind === 'cumulative'
        ? i.scope.period
        : undefined,
  value: (i) => record(i.quantity)?.value as number | undefined,
  precision: (i) => record(i.quantity)?.precision as string | undefined,
  occurred_from: (i) => i.occurredAt?.from,
  occurred_to: (i) => i.occurredAt?.to,
  status: () => 'inferred',
  inferred_by: (i) => i.inferredBy,
  inference_reason: (i) => i.reason,
  derived_from: (i) => ids(i.derivedFrom),
  recorded_position: (i) => i.recorded.position,
  recorded_at: (i) => i.recorded.recordedAt,
  claims: () => 0,
};

function inferenceCells(inference: InferenceView): CellValue[] {
  return CLAIM_COLUMNS.map((c) => INFERENCE_CELLS[c.header]?.(inference));
}

export interface ClaimsCsvOptions extends CsvOptions {
  /** The HXL hashtag row after the header row. */
  readonly hxl: boolean;
  /** A UTF-8 byte-order mark first, for spreadsheets that otherwise guess another encoding. */
  readonly bom?: boolean;
}

/**
 * One row per claim (live, superseded and retracted alike: nothing is dropped), with its source and
 * the discrepancies naming it, then one row per desk inference (claim_kind "inference"); with `hxl`, the HXL hashtag row follows the header row. Text cells
 * that a spreadsheet would run as a formula are escaped unless `raw`.
 */
export function claimsCsv(snapshot: LedgerSnapshot, options: ClaimsCsvOptions): string {
  const sources = new Map(snapshot.sources.map((s) => [s.sourceId, s]));
  const links = snapshot.totals.flatMap((t) =>
    t.groups.flatMap((g) => g.scopeLinks.map((l) => ({ agreementId: t.agreementId, link: l }))),
  );
  const linking = (claim: ClaimView): ScopeLinkView[] => [
    ...new Set(
      links
        .filter(
          ({ agreementId, link }) =>
            agreementId === claim.agreementId &&
            claim.quantityKey !== null &&
            link.linkedKeys.includes(claim.quantityKey),
        )
        .map(({ link }) => link),
    ),
  ];
  const naming = (claimId: string): DiscrepancyView[] =>
    snapshot.discrepancies.filter((d) => Array.isArray(d.claimIds) && d.claimIds.includes(claimId));
  let text = (options.bom ? UTF8_BOM : '') + csvRow(CLAIM_COLUMNS.map((c) => c.header));
  if (options.hxl) text += csvRow(CLAIM_COLUMNS.map((c) => c.hxl));
  for (const claim of snapshot.claims) {
    const row: Row = {
      claim,
      source: sources.get(claim.sourceId),
      disputes: naming(claim.claimId),
      scopeLinks: linking(claim),
    };
    text += csvRow(
      CLAIM_COLUMNS.map((c) => c.value(row)),
      options,
    );
  }
  for (const { inferences } of snapshot.totals)
    for (const inference of inferences) text += csvRow(inferenceCells(inference), options);
  return text;
}
