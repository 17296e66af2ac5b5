import { existsSync, readFileSync, statSync } from 'node:fs';
import { type ApiKeyRecord, parseToken, secretMatches } from './api-key';
import { createFirstAdminKey, parseKeysDocument } from './key-file';
import type { Requester } from './requester';

/** Where the keys come from: a file the ledger re-reads when it changes, or a fixed list. */
export type KeySource =
  | { readonly kind: 'file'; readonly path: string; readonly createAdminIn?: string }
  | { readonly kind: 'fixed'; readonly keys: readonly ApiKeyRecord[]; readonly where: string };

export type Authentication =
  | { readonly ok: true; readonly requester: Requester }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'unknown' };

export interface KeyRingLogger {
  log(message: string): void;
  error(message: string): void;
}

/** How often a keys file is looked at for changes (a revoked key stops working within this). */
const FILE_CHECK_MS = 1_000;
const BEARER = /^Bearer +(\S+) *$/i;

/**
 * The API keys the ledger accepts. A keys file is re-read when it changes (checked every second,
 * and at once when an unknown key id arrives), so keys created or deleted while the ledger runs
 * take effect without a restart.
 */
export class KeyRing {
  private keys = new Map<string, ApiKeyRecord>();
  private fileStamp = '';
  private timer: NodeJS.Timeout | undefined;
  private readonly changeListeners = new Set<() => void>();

  private constructor(
    private readonly source: KeySource,
    private readonly logger: KeyRingLogger,
  ) {}

  /** Opens the keys; with a keys file that does not exist yet, first creates an admin key. */
  static open(source: KeySource, logger: KeyRingLogger): KeyRing {
    const ring = new KeyRing(source, logger);
    if (source.kind === 'fixed') {
      ring.keys = new Map(source.keys.map((k) => [k.id, k]));
      return ring;
    }
    if (!existsSync(source.path) && source.createAdminIn !== undefined) {
      const { secretFile } = createFirstAdminKey(source.createAdminIn);
      logger.log(
        `No API keys yet: created an admin key. Its token is in ${secretFile} (readable by you only; it is not printed). ` +
          'Send it as "Authorization: Bearer <token>".',
      );
    }
    ring.readFile(true);
    ring.timer = setInterval(() => ring.readFile(false), FILE_CHECK_MS);
    ring.timer.unref();
    return ring;
  }

  get size(): number {
    return this.keys.size;
  }

  /** Checks an Authorization header: `Bearer ldg_<id>_<secret>`, a known id, the secret's hash. */
  authenticate(authorization: string | string[] | undefined): Authentication {
    if (authorization === undefined || authorization === '')
      return { ok: false, reason: 'missing' };
    const token = typeof authorization === 'string' ? BEARER.exec(authorization)?.[1] : undefined;
    const parsed = token === undefined ? undefined : parseToken(token);
    if (parsed === undefined) return { ok: false, reason: 'malformed' };
    let record = this.keys.get(parsed.id);
    if (record === undefined && this.source.kind === 'file') {
      this.readFile(false);
      record = this.keys.get(parsed.id);
    }
    if (record === undefined || !secretMatches(record, parsed.secret))
      return { ok: false, reason: 'unknown' };
    return { ok: true, requester: { keyId: record.id, name: record.name, roles: record.roles } };
  }

  /** The key's current name and roles; undefined once it is no longer in the ring (revoked). */
  requesterById(keyId: string): Requester | undefined {
    const record = this.keys.get(keyId);
    return record && { keyId: record.id, name: record.name, roles: record.roles };
  }

  /**
   * Calls `listener` after every change of the keys read (a key added, removed or given other
   * roles), so what an earlier request opened (an event stream) can be closed for a revoked key.
   * Returns the way to stop listening.
   */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.changeListeners.clear();
  }

  /** Reads the keys file if it changed; at start a bad file is fatal, later it is logged and the old keys stay. */
  private readFile(atStart: boolean): void {
    if (this.source.kind !== 'file') return;
    const { path } = this.source;
    const before = this.keys;
    try {
      const stat = statSync(path, { throwIfNoEntry: false });
      const stamp = stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}` : 'absent';
      if (stamp === this.fileStamp) return;
      const keys = stat ? parseKeysDocument(readFileSync(path, 'utf8'), path) : [];
      this.keys = new Map(keys.map((k) => [k.id, k]));
      this.fileStamp = stamp;
      if (keys.length === 0)
        this.logger.error(`No API keys in ${path}: every route that needs a key refuses.`);
    } catch (error) {
      if (atStart) throw error;
      this.logger.error(
        `Could not re-read ${path}; keeping the keys read before: ${(error as Error).message}`,
      );
    }
    if (this.keys !== before) for (const listener of [...this.changeListeners]) listener();
  }
}
