import { requireId } from './validation';

/**
 * One stream per aggregate instance. Everything said about an agreement (transfer reports,
 * completion claims, characterisations, their revisions, and the disputes and reconciliations the
 * ledger derives from them) lives in the agreement's stream, so a claim and the discrepancy it
 * causes are appended together, atomically, against one expected revision.
 */
export const STREAM_CATEGORIES = {
  source: 'source',
  agreement: 'agreement',
  offer: 'offer',
} as const;
export type StreamCategory = keyof typeof STREAM_CATEGORIES;

/** Prefixes for category reads and subscriptions ($all filtered by stream prefix). */
export const STREAM_PREFIXES = {
  source: `${STREAM_CATEGORIES.source}-`,
  agreement: `${STREAM_CATEGORIES.agreement}-`,
  offer: `${STREAM_CATEGORIES.offer}-`,
} as const;

/** Stream names from ids; a malformed id is refused ('invalid_id') rather than turned into a strange stream name. */
export const sourceStreamFor = (sourceId: string): string =>
  `${STREAM_PREFIXES.source}${requireId('sourceId', sourceId)}`;
export const agreementStreamFor = (agreementId: string): string =>
  `${STREAM_PREFIXES.agreement}${requireId('agreementId', agreementId)}`;
export const offerStreamFor = (offerId: string): string =>
  `${STREAM_PREFIXES.offer}${requireId('offerId', offerId)}`;

/** The category and id of a stream name, or undefined for streams the domain does not own. */
export function parseStreamName(
  stream: string,
): { category: StreamCategory; id: string } | undefined {
  for (const category of Object.keys(STREAM_PREFIXES) as StreamCategory[]) {
    const prefix = STREAM_PREFIXES[category];
    if (stream.startsWith(prefix) && stream.length > prefix.length)
      return { category, id: stream.slice(prefix.length) };
  }
  return undefined;
}

/**
 * Claim and dispute ids live inside agreement streams, so no stream name makes them unique across
 * the ledger. Each one is reserved in a stream of its own, `id-claim-<id>` / `id-dispute-<id>`,
 * created with expected revision no_stream (source and offer ids are their stream names already).
 * The prefix matches no aggregate's, so parseStreamName ignores these bookkeeping streams.
 */
export const ID_RESERVATION_PREFIX = 'id-';
export type ReservedIdKind = 'claim' | 'dispute';
export const idReservationStreamFor = (kind: ReservedIdKind, id: string): string =>
  `${ID_RESERVATION_PREFIX}${kind}-${requireId(`${kind}Id`, id)}`;
export const isIdReservationStream = (stream: string): boolean =>
  stream.startsWith(ID_RESERVATION_PREFIX);
