import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson, type JsonValue, type RecordedEvent } from '@ledger/event-store';
import { IdempotencyKeyReusedError } from './command-errors';

/**
 * Idempotency without a table of its own, so it works on every adapter (EventStoreDB has no
 * multi-stream transactions): the key and the request's hash travel in the metadata of the events
 * a command appends, so they are stored atomically with them. A retry finds them while loading the
 * stream it targets and gets the first answer back; ids the server would generate are derived from
 * (actor, key), so a retry targets the same stream and proposes the same event ids.
 */

/**
 * A path in one spelling: each segment percent-decoded, then encoded the one way
 * encodeURIComponent does, so `istanbul%2D2025` and `istanbul-2025` are the same route while an
 * encoded slash stays inside its segment. A path already in that form (every plain id) is
 * unchanged, so hashes stored before this normalisation still match.
 */
export function canonicalPath(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      try {
        return encodeURIComponent(decodeURIComponent(segment));
      } catch {
        // Fastify refuses an undecodable URL before any handler; keep the segment as sent anyway.
        return segment;
      }
    })
    .join('/');
}

/** SHA-256 of method, canonical path and canonical body: what "the same request" means for a key. */
export function requestHash(method: string, path: string, body: unknown): string {
  return (
    createHash('sha256')
      // Canonical (keys sorted), so key order does not change the hash; no body hashes as null.
      .update(`${method.toUpperCase()}\n${canonicalPath(path)}\n${canonicalJson(body ?? null)}`)
      .digest('hex')
  );
}

/** A fixed namespace, so derived ids never collide with another system's name-based UUIDs. */
const NAMESPACE = Buffer.from('6f1c2a52c1d84d2f9d0e3b7a5c4e8f10', 'hex');

/** RFC 9562 name-based UUID (version 5, SHA-1). */
function nameBasedUuid(name: string): string {
  const bytes = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Ids the server makes for one command: random, or derived from (actor, key, purpose) when the request has a key. */
export function idMaker(actor: string, key: string | undefined): (purpose: string) => string {
  if (key === undefined) return () => randomUUID();
  return (purpose) => nameBasedUuid(JSON.stringify([actor, key, purpose]));
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The events of `history` a command with this key already appended, or [] when none. The key is
 * the actor's: two actors may use the same key. The same key with another request is refused.
 */
export function eventsOfEarlierAttempt(
  history: readonly RecordedEvent[],
  actor: string,
  idempotency: { key: string; requestHash: string },
): RecordedEvent[] {
  const earlier = history.filter(
    (e) => text(e.metadata.idempotencyKey) === idempotency.key && text(e.metadata.actor) === actor,
  );
  if (earlier.some((e) => text(e.metadata.requestHash) !== idempotency.requestHash)) {
    throw new IdempotencyKeyReusedError(
      idempotency.key,
      'it was first used for a different request',
    );
  }
  return earlier;
}
