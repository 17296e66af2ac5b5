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

/** What a command with a key appended: its events and where the last one landed. */
export interface EarlierAttempt {
  readonly events: readonly { readonly id: string; readonly type: string }[];
  readonly revision: bigint;
  readonly position: bigint;
}

interface Attempt extends EarlierAttempt {
  readonly events: { readonly id: string; readonly type: string }[];
  readonly requestHash: string;
  /** Events of this key carried another request's hash too: the key was reused. */
  readonly mixed: boolean;
}

/**
 * The idempotency keys seen on one stream, folded on with its events: a keyed command looks its
 * key up here instead of reading the whole stream. Events never change and a stream only grows,
 * so the index only grows too; `record` skips revisions it has seen, so folds that overlap (two
 * loads reading the same new events) add each event once.
 */
export class KeysSeen {
  private readonly attempts = new Map<string, Attempt>();
  private upTo: bigint | undefined;

  record(recorded: readonly RecordedEvent[]): void {
    for (const event of recorded) this.add(event, event.revision, event.position);
  }

  /**
   * The events one append of this process wrote, ending at `revision`, the last at `position`
   * (the store reports no other event's position, and one is never computed from another: an
   * attempt answers with its last event's).
   */
  recordAppended(
    events: readonly Pick<RecordedEvent, 'id' | 'type' | 'metadata'>[],
    revision: bigint,
    position: bigint,
  ): void {
    const first = revision - BigInt(events.length) + 1n;
    events.forEach((event, index) => this.add(event, first + BigInt(index), position));
  }

  private add(
    event: Pick<RecordedEvent, 'id' | 'type' | 'metadata'>,
    revision: bigint,
    position: bigint,
  ): void {
    if (this.upTo !== undefined && revision <= this.upTo) return;
    this.upTo = revision;
    const key = text(event.metadata.idempotencyKey);
    const actor = text(event.metadata.actor);
    if (key === undefined || actor === undefined) return;
    const id = JSON.stringify([actor, key]);
    const requestHash = text(event.metadata.requestHash) ?? '';
    const attempt = this.attempts.get(id);
    const written = { id: event.id, type: event.type };
    if (attempt === undefined)
      this.attempts.set(id, { events: [written], requestHash, mixed: false, revision, position });
    else
      this.attempts.set(id, {
        events: [...attempt.events, written],
        requestHash: attempt.requestHash,
        mixed: attempt.mixed || attempt.requestHash !== requestHash,
        revision,
        position,
      });
  }

  /**
   * What a command with this key already appended on the stream, or undefined when none. The key
   * is the actor's: two actors may use the same key. The same key with another request is refused.
   */
  earlierAttempt(
    actor: string,
    idempotency: { readonly key: string; readonly requestHash: string },
  ): EarlierAttempt | undefined {
    const attempt = this.attempts.get(JSON.stringify([actor, idempotency.key]));
    if (attempt === undefined) return undefined;
    if (attempt.mixed || attempt.requestHash !== idempotency.requestHash)
      throw new IdempotencyKeyReusedError(
        idempotency.key,
        'it was first used for a different request',
      );
    return attempt;
  }
}
