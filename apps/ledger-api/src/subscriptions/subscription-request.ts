import {
  isIdReservationStream,
  isLedgerEventType,
  STREAM_CATEGORIES,
  STREAM_PREFIXES,
  type StreamCategory,
} from '@ledger/domain';
import type { EventFilter, RecordedEvent } from '@ledger/event-store';
import { FROM_END, FROM_START, isPosition, SSE_QUERY } from '@ledger/ledger-client';
import type { FieldError } from '../http/problem';
import { ValidationProblem } from '../http/validation';

/** What a subscriber follows: the whole log, one stream, or one category of streams. */
export type SubscriptionTarget =
  | { readonly kind: 'all' }
  | { readonly kind: 'stream'; readonly stream: string }
  | { readonly kind: 'category'; readonly category: StreamCategory };

/** Where to start: after a global position (exclusive; 0n is the start of the log), or at the end. */
export type ResumePoint = { readonly after: bigint } | 'end';

export interface SubscriptionRequest {
  readonly target: SubscriptionTarget;
  readonly from: ResumePoint;
  /** Event types to deliver; all when absent. */
  readonly types?: readonly string[];
  /** Categories to deliver (only on /subscriptions/all); all when absent. */
  readonly categories?: readonly StreamCategory[];
}

export type Query = Readonly<Record<string, unknown>>;

const MAX_LIST_ITEMS = 64;
/** The longest stream name any adapter accepts (EventStoreDB's practical limit, as in the store's validation). */
const MAX_NAME_LENGTH = 200;
const CATEGORIES = Object.keys(STREAM_CATEGORIES) as StreamCategory[];

/**
 * The highest resume position accepted: 2^63 − 1. The wire format allows 64-bit unsigned ids, but
 * SQLite's integers and EventStoreDB's positions are signed 64-bit, so a larger one would fail
 * the stream's first read (a stack trace) instead of being refused here.
 */
export const MAX_RESUME_POSITION = 2n ** 63n - 1n;

/** A canonical decimal position the stores can start a read after, or undefined. */
function resumePosition(value: unknown): bigint | undefined {
  if (typeof value !== 'string' || !isPosition(value)) return undefined;
  const position = BigInt(value);
  return position <= MAX_RESUME_POSITION ? position : undefined;
}

function isCategory(value: string): value is StreamCategory {
  return (CATEGORIES as string[]).includes(value);
}

/**
 * Checks a subscription before the stream opens, so every mistake is a 400 problem naming the
 * field rather than an empty stream: unknown parameters, event types and categories are refused.
 * `Last-Event-ID` (sent by a reconnecting EventSource) wins over `from`, being the newer of the two.
 */
export function parseSubscriptionRequest(
  target: SubscriptionTarget,
  query: Query,
  lastEventId: string | undefined,
): SubscriptionRequest {
  const errors: FieldError[] = [];
  const allowed: string[] =
    target.kind === 'all' ? Object.values(SSE_QUERY) : [SSE_QUERY.from, SSE_QUERY.types];
  for (const key of Object.keys(query)) {
    if (!allowed.includes(key))
      errors.push({
        field: key,
        messages: [`unknown parameter; this route accepts ${allowed.join(', ')}`],
      });
  }
  checkTarget(target, errors);
  const from = parseFrom(query[SSE_QUERY.from], lastEventId, errors);
  const types = parseList(query, SSE_QUERY.types, errors, (t) =>
    isLedgerEventType(t) ? undefined : `unknown event type ${JSON.stringify(t)}`,
  );
  const categories = parseList(query, SSE_QUERY.categories, errors, (c) =>
    isCategory(c)
      ? undefined
      : `unknown category ${JSON.stringify(c)}; one of ${CATEGORIES.join(', ')}`,
  ) as StreamCategory[] | undefined;
  if (errors.length > 0) throw new ValidationProblem(errors);
  return { target, from, ...(types ? { types } : {}), ...(categories ? { categories } : {}) };
}

function checkTarget(target: SubscriptionTarget, errors: FieldError[]): void {
  if (target.kind === 'category' && !isCategory(target.category)) {
    errors.push({
      field: 'category',
      messages: [
        `unknown category ${JSON.stringify(target.category)}; one of ${CATEGORIES.join(', ')}`,
      ],
    });
  }
  if (
    target.kind === 'stream' &&
    (target.stream.length === 0 || target.stream.length > MAX_NAME_LENGTH)
  ) {
    errors.push({
      field: 'stream',
      messages: [`a stream name has 1 to ${MAX_NAME_LENGTH} characters`],
    });
  }
}

function parseFrom(
  from: unknown,
  lastEventId: string | undefined,
  errors: FieldError[],
): ResumePoint {
  if (lastEventId !== undefined && lastEventId !== '') {
    const after = resumePosition(lastEventId);
    if (after !== undefined) return { after };
    errors.push({
      field: 'Last-Event-ID',
      messages: [
        `must be a global position (a decimal integer up to ${MAX_RESUME_POSITION}) sent as an event id`,
      ],
    });
    return { after: 0n };
  }
  if (from === undefined || from === FROM_START) return { after: 0n };
  if (from === FROM_END) return 'end';
  const after = resumePosition(from);
  if (after !== undefined) return { after };
  errors.push({
    field: SSE_QUERY.from,
    messages: [
      `must be "${FROM_START}", "${FROM_END}" or the last global position already held (a decimal integer up to ${MAX_RESUME_POSITION})`,
    ],
  });
  return { after: 0n };
}

function parseList(
  query: Query,
  field: string,
  errors: FieldError[],
  problemOf: (item: string) => string | undefined,
): string[] | undefined {
  const raw = query[field];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '') {
    errors.push({ field, messages: ['must be given once, as a comma-separated list'] });
    return undefined;
  }
  const items = [...new Set(raw.split(',').map((item) => item.trim()))];
  if (items.length > MAX_LIST_ITEMS)
    errors.push({ field, messages: [`at most ${MAX_LIST_ITEMS} items`] });
  const messages = items.map(problemOf).filter((m): m is string => m !== undefined);
  if (messages.length > 0) errors.push({ field, messages });
  return items;
}

/** The store can filter on one dimension server-side (its lists are alternatives); the rest is filtered here. */
export interface DeliveryFilter {
  readonly store?: EventFilter;
  readonly accepts: (event: RecordedEvent) => boolean;
}

/** Types AND categories (AND the route's category): what the subscriber asked for, all of it. */
export function deliveryFilter(request: SubscriptionRequest): DeliveryFilter {
  const categories =
    request.target.kind === 'category' ? [request.target.category] : request.categories;
  const prefixes = categories?.map((c) => STREAM_PREFIXES[c]);
  const types = request.types ? new Set(request.types) : undefined;
  // Id reservations are the ledger's bookkeeping, not its history: no subscriber receives them.
  const accepts = (event: RecordedEvent): boolean =>
    !isIdReservationStream(event.stream) &&
    (types === undefined || types.has(event.type)) &&
    (prefixes === undefined || prefixes.some((p) => event.stream.startsWith(p)));
  // Event types are the narrower filter in this ledger (each belongs to one category).
  if (request.types) return { store: { eventTypes: request.types }, accepts };
  if (prefixes) return { store: { streamPrefixes: prefixes }, accepts };
  return { accepts };
}
