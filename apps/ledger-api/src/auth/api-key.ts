import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isRole, type Role } from './roles';

/**
 * A stored API key: never the secret, only its hash. `name` is the actor written into the
 * metadata of every event the key records.
 */
export interface ApiKeyRecord {
  /** Public; the middle of the token, used to find the record before comparing hashes. */
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** `sha256:` and the hex SHA-256 of the secret. */
  readonly hash: string;
  readonly createdAt: string;
}

/**
 * Tokens read `ldg_<id>_<secret>`: the id finds the record, the secret is 32 random bytes
 * (base64url). The prefix makes a leaked token easy to recognise (secret scanners, logs).
 */
const TOKEN = /^ldg_([a-z0-9]{8,32})_([A-Za-z0-9_-]{43})$/;
const KEY_ID = /^[a-z0-9]{8,32}$/;
/** Names end up in event metadata and logs: visible, short, no spaces. */
export const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$/;
const HASH = /^sha256:[0-9a-f]{64}$/;

/**
 * SHA-256 rather than a slow password hash (scrypt, bcrypt): the secrets are 256 random bits, not
 * something a person chose, so there is no dictionary to try and brute force is out of reach
 * whatever the hash's speed. A slow hash would only cost every request milliseconds of CPU.
 */
export function hashSecret(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex')}`;
}

export function parseToken(token: string): { id: string; secret: string } | undefined {
  const match = TOKEN.exec(token);
  return match ? { id: match[1] as string, secret: match[2] as string } : undefined;
}

/** Constant-time comparison of the presented secret's hash with the stored one. */
export function secretMatches(record: ApiKeyRecord, secret: string): boolean {
  const presented = Buffer.from(hashSecret(secret));
  const stored = Buffer.from(record.hash);
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** A new key: the record to store and the token to hand over once (it cannot be recovered). */
export function newApiKey(
  name: string,
  roles: readonly Role[],
  now: Date = new Date(),
): { record: ApiKeyRecord; token: string } {
  const problems = [...nameProblems(name), ...rolesProblems(roles)];
  if (problems.length > 0) throw new InvalidApiKeyError(problems);
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return {
    record: { id, name, roles: [...roles], hash: hashSecret(secret), createdAt: now.toISOString() },
    token: `ldg_${id}_${secret}`,
  };
}

export class InvalidApiKeyError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'InvalidApiKeyError';
  }
}

function nameProblems(name: unknown): string[] {
  return typeof name === 'string' && KEY_NAME.test(name)
    ? []
    : ['name must be 1-80 letters, digits or . _ @ - (it becomes the actor in event metadata)'];
}

function rolesProblems(roles: unknown): string[] {
  if (!Array.isArray(roles) || roles.length === 0) return ['roles must be a non-empty list'];
  const unknown = roles.filter((role) => !isRole(role));
  return unknown.length === 0 ? [] : [`unknown roles ${JSON.stringify(unknown)}`];
}

/** Checks one record as read from a keys file or LEDGER_API_KEYS; `where` names it in messages. */
export function recordProblems(value: unknown, where: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`${where} must be an object { id, name, roles, hash, createdAt }`];
  const r = value as Record<string, unknown>;
  const problems = [
    ...(typeof r.id === 'string' && KEY_ID.test(r.id)
      ? []
      : ['id must be 8-32 lower-case letters or digits']),
    ...nameProblems(r.name),
    ...rolesProblems(r.roles),
    ...(typeof r.hash === 'string' && HASH.test(r.hash)
      ? []
      : ['hash must be "sha256:" and 64 hex digits']),
    ...(typeof r.createdAt === 'string' && !Number.isNaN(Date.parse(r.createdAt))
      ? []
      : ['createdAt must be an ISO-8601 instant']),
  ];
  const extra = Object.keys(r).filter(
    (k) => !['id', 'name', 'roles', 'hash', 'createdAt'].includes(k),
  );
  if (extra.length > 0) problems.push(`unknown fields ${extra.join(', ')}`);
  return problems.map((p) => `${where}: ${p}`);
}
