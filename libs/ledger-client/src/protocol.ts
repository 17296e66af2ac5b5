/**
 * The wire protocol of the ledger's server-sent events, shared by the server and this client so
 * the two cannot drift apart. Plain constants, no dependencies: the server imports this file alone.
 *
 * Every event frame carries `id:` (the global position, a decimal string), `event:` (the event
 * type) and `data:` (the JSON envelope). Control frames carry no `id:`, so they never move a
 * client's Last-Event-ID.
 */
export const SSE_ROUTES = {
  all: '/subscriptions/all',
  stream: (stream: string): string => `/subscriptions/streams/${encodeURIComponent(stream)}`,
  category: (category: string): string =>
    `/subscriptions/categories/${encodeURIComponent(category)}`,
} as const;

/** Query parameters: `from` is the last position the client already holds (exclusive). */
export const SSE_QUERY = { from: 'from', types: 'types', categories: 'categories' } as const;

/** `from=start` (the default) delivers the whole log; `from=end` only what is appended after connecting. */
export const FROM_START = 'start';
export const FROM_END = 'end';

/** Control frames the server sends besides events. */
export const CONTROL_EVENTS = {
  /** History has been delivered; what follows is live. Data: CaughtUpNotice. */
  caughtUp: 'caughtUp',
  /** The client read too slowly and the server's buffer for it filled: the stream ends; resume from the last id. Data: StreamEndNotice. */
  overflow: 'overflow',
  /** The server ends the stream for another reason (shutdown, store unavailable); resume from the last id. Data: StreamEndNotice. */
  interrupted: 'interrupted',
} as const;

export type ControlEventName = (typeof CONTROL_EVENTS)[keyof typeof CONTROL_EVENTS];

export interface CaughtUpNotice {
  /** The last global position the store had seen when history ended. */
  readonly position: string;
}

export type StreamEndReason =
  | 'slow_consumer'
  | 'server_shutdown'
  | 'store_unavailable'
  | 'subscription_failed'
  /** The stream was open LEDGER_SSE_MAX_LIFETIME_MS: resume from the last id. */
  | 'lifetime_reached'
  /** The stream's key was revoked or lost the subscriber role: reconnecting will be refused. */
  | 'access_revoked';

export interface StreamEndNotice {
  readonly reason: StreamEndReason;
  readonly detail: string;
  /** The id of the last event frame written on this connection, if any: where to resume. */
  readonly lastEventId?: string;
}

/** A decimal string of at most 20 digits: a 64-bit position or revision. */
export const POSITION_PATTERN = /^(0|[1-9][0-9]{0,19})$/;

const MAX_POSITION = '18446744073709551615';

/** Checked on every frame, so without BigInt: canonical decimals compare by length, then as text. */
export function isPosition(value: string): boolean {
  if (!POSITION_PATTERN.test(value)) return false;
  return (
    value.length < MAX_POSITION.length ||
    (value.length === MAX_POSITION.length && value <= MAX_POSITION)
  );
}
