import type { AuditEntryView } from '../api/wire';
import { Empty } from '../components/status';
import { formatCount, formatQuantity, isQuantity } from '../format/quantity';
import { type Names, words } from '../format/names';
import { formatInstant } from '../format/time';
import { claimHref } from '../route';

/** How an entry reads on the trail: its family (the marker's colour) and its headline. */
type Family = 'recorded' | 'corroborated' | 'disputed' | 'revised' | 'retracted' | 'reconciled';

const FAMILY: Readonly<Record<string, Family>> = {
  reported: 'recorded',
  completion_claimed: 'recorded',
  characterized: 'recorded',
  corroborated: 'corroborated',
  contested: 'disputed',
  disputed: 'disputed',
  dispute_claims_changed: 'disputed',
  dispute_status_changed: 'disputed',
  totals_discrepancy: 'disputed',
  totals_no_longer_comparable: 'reconciled',
  totals_reconciled: 'reconciled',
  superseded: 'revised',
  revision: 'revised',
  retracted: 'retracted',
};

type Change = NonNullable<AuditEntryView['change']>;

const ROLE_IN_DISPUTE: Readonly<Record<string, string>> = {
  joined: 'this claim joined it',
  left: 'this claim left it',
  member: 'another claim joined or left',
};

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function headline(change: Change, names: Names): string {
  const what = text(change.what);
  switch (what) {
    case 'reported':
      return `Recorded: ${isQuantity(change.quantity) ? formatQuantity(change.quantity) : 'a figure'}`;
    case 'completion_claimed':
      return 'Recorded: the term was completed';
    case 'characterized':
      return `Recorded: ${words(text(change.property))} is “${words(text(change.value))}”`;
    case 'corroborated':
      return `Corroborated (${words(text(change.independence))})`;
    case 'contested':
      return `Contested: ${words(text(change.property))} is “${words(text(change.value))}”`;
    case 'disputed':
      return `Disputed: ${disputedFigures(change, names)}`;
    case 'dispute_claims_changed':
      return `Dispute changed (${ROLE_IN_DISPUTE[text(change.role)] ?? 'this claim is in it'}): ${disputedFigures(change, names)}`;
    case 'dispute_status_changed':
      return `Dispute ${words(text(change.from))} → ${words(text(change.to))}`;
    case 'totals_discrepancy':
      return `Disputed: phases and total part by ${formatCount(Number(change.gap ?? 0))}`;
    case 'totals_reconciled':
      return 'Reconciled: phases add up to the total';
    case 'superseded':
      return `Revised: superseded by ${text(change.supersededBy)}`;
    case 'revision':
      return `Revised: this claim replaces ${text(change.supersedes)}`;
    case 'retracted':
      return 'Retracted';
    default:
      return words(what) || 'Changed';
  }
}

/** "1,245 (Kyiv's HQ) vs 1,248 (Moscow's MoD), Δ 3" when the entry names the figures, else the gap alone. */
function disputedFigures(change: Change, names: Names): string {
  const delta = `figures part by ${formatCount(Number(change.delta ?? 0))}`;
  const claims = Array.isArray(change.claims)
    ? (change.claims as { sourceId?: string; quantity?: unknown }[])
    : [];
  if (claims.length === 0) return delta;
  const figures = claims.map(
    (c) =>
      `${isQuantity(c.quantity) ? formatQuantity(c.quantity) : '?'} (${names.source(c.sourceId)})`,
  );
  return `${figures.join(' vs ')}, ${delta}`;
}

/** Claims an entry points to besides this one (a revision, a successor, a rival framing). */
function relatedClaims(change: Change): string[] {
  return [change.supersededBy, change.supersedes, change.byClaimId].filter(
    (v): v is string => typeof v === 'string',
  );
}

/** The claim's audit trail as a vertical timeline, oldest first, each entry with who, what, and when. */
export function AuditTrail({
  entries,
  names,
}: {
  readonly entries: readonly AuditEntryView[];
  readonly names: Names;
}) {
  if (entries.length === 0) return <Empty>Nothing recorded about this claim at this point.</Empty>;
  return (
    <ol class="audit-trail">
      {entries.map((e) => (
        <AuditEntry key={`${e.eventId}`} entry={e} names={names} />
      ))}
    </ol>
  );
}

function AuditEntry({ entry, names }: { readonly entry: AuditEntryView; readonly names: Names }) {
  const change: Change = entry.change ?? {};
  const family = FAMILY[text(change.what)] ?? 'recorded';
  const quote = text(change.quote) || text(change.reason);
  const link = text(change.link);
  return (
    <li class={`entry ${family}`} data-event-type={entry.eventType}>
      <p class="entry-title">
        <strong>{headline(change, names)}</strong> <code class="muted">{entry.eventType}</code>
      </p>
      <p class="meta">
        by <span class="actor">{entry.actor ?? 'unknown actor'}</span>
        {entry.sourceId ? (
          <>
            {' '}
            · source <strong>{names.source(entry.sourceId)}</strong>
          </>
        ) : null}
        {entry.correlationId ? (
          <span class="muted"> · correlation {entry.correlationId}</span>
        ) : null}
      </p>
      {quote ? <blockquote>{quote}</blockquote> : null}
      {link ? (
        <p>
          <a href={link} rel="noopener noreferrer" target="_blank">
            Source document
          </a>
        </p>
      ) : null}
      {typeof change.disputeId === 'string' ? (
        <p>
          <a href="#/discrepancies">See the dispute</a>{' '}
          <code class="muted">{change.disputeId}</code>
        </p>
      ) : null}
      {relatedClaims(change).map((id) => (
        <p key={id}>
          <a href={claimHref(id)}>Open {id}</a>
        </p>
      ))}
      <p class="entry-times">
        <span class="time claimed">
          {entry.statedAt
            ? `Claimed ${formatInstant(entry.statedAt)}`
            : 'No statement time (not said by a source)'}
        </span>
        <span class="time recorded">
          Recorded {formatInstant(entry.recordedAt)} · position {entry.position}
        </span>
      </p>
    </li>
  );
}
