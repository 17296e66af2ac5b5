import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '@ledger/event-store';
import { canonicalJson } from './canonical-json';

/** The metadata key under which every audited event carries its hash and its predecessor's. */
export const AUDIT_METADATA_KEY = 'audit';
/** Names the whole recipe below; a new recipe gets a new name so old events stay verifiable. */
export const AUDIT_ALGORITHM = 'sha256-jcs-v1';
/** The predecessor of revision 0 in every stream. */
export const GENESIS_HASH = '0'.repeat(64);
/** Keeps an event hash from ever colliding with another kind of hashed message (checkpoints, tree nodes). */
const EVENT_DOMAIN = 'ledger-event-v1';

const HEX_HASH = /^[0-9a-f]{64}$/;

/** What `metadata.audit` holds. */
export interface AuditFields {
  readonly alg: typeof AUDIT_ALGORITHM;
  /** The hash of the previous event in the same stream, GENESIS_HASH for revision 0. */
  readonly prevHash: string;
  /** This event's hash: eventHash(event, prevHash). */
  readonly hash: string;
}

/** The parts of an event that its hash covers. Metadata may still hold the audit fields: they are left out. */
export interface HashableEvent {
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly stream: string;
  readonly revision: bigint;
}

export function isHexHash(value: unknown): value is string {
  return typeof value === 'string' && HEX_HASH.test(value);
}

/** The metadata as the writer gave it: without the audit fields. */
export function withoutAudit(metadata: JsonObject): JsonObject {
  if (!(AUDIT_METADATA_KEY in metadata)) return metadata;
  const { [AUDIT_METADATA_KEY]: _audit, ...rest } = metadata;
  return rest;
}

/** The canonical text an event hash covers; revisions are decimal strings, since JSON numbers stop at 2^53. */
export function canonicalEventText(event: HashableEvent): string {
  return canonicalJson({
    type: event.type,
    data: event.data,
    metadata: withoutAudit(event.metadata),
    stream: event.stream,
    revision: event.revision.toString(),
  });
}

/**
 * SHA-256 over "ledger-event-v1\n" + prevHash + "\n" + the canonical text, as lower-case hex.
 * Chaining to prevHash means an event cannot be altered, dropped or moved within its stream
 * without every later hash in the stream changing.
 */
export function eventHash(event: HashableEvent, prevHash: string): string {
  if (!isHexHash(prevHash))
    throw new RangeError(`prevHash ${JSON.stringify(prevHash)} is not 64 lower-case hex digits`);
  return createHash('sha256')
    .update(`${EVENT_DOMAIN}\n${prevHash}\n`, 'utf8')
    .update(canonicalEventText(event), 'utf8')
    .digest('hex');
}

export type AuditFieldsResult =
  | { readonly ok: true; readonly fields: AuditFields }
  | { readonly ok: false; readonly problem: string };

/** Reads `metadata.audit` without trusting it: a stored event may have been edited by hand. */
export function readAuditFields(metadata: JsonObject): AuditFieldsResult {
  const audit: JsonValue | undefined = metadata[AUDIT_METADATA_KEY];
  if (audit === undefined)
    return { ok: false, problem: `metadata.${AUDIT_METADATA_KEY} is missing` };
  if (audit === null || typeof audit !== 'object' || Array.isArray(audit)) {
    return { ok: false, problem: `metadata.${AUDIT_METADATA_KEY} is not an object` };
  }
  const { alg, prevHash, hash } = audit;
  if (alg !== AUDIT_ALGORITHM)
    return { ok: false, problem: `unknown audit algorithm ${JSON.stringify(alg)}` };
  if (!isHexHash(prevHash))
    return { ok: false, problem: 'metadata.audit.prevHash is not a SHA-256 hex digest' };
  if (!isHexHash(hash))
    return { ok: false, problem: 'metadata.audit.hash is not a SHA-256 hex digest' };
  return { ok: true, fields: { alg, prevHash, hash } };
}

/** The metadata to store: the writer's, plus the audit fields. */
export function withAuditFields(metadata: JsonObject, fields: AuditFields): JsonObject {
  return {
    ...metadata,
    [AUDIT_METADATA_KEY]: { alg: fields.alg, prevHash: fields.prevHash, hash: fields.hash },
  };
}
