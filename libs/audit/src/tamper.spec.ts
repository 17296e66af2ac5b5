import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { createSqliteEventStore, type JsonObject } from '@ledger/event-store';
import { CHECKPOINT_STREAM } from './checkpoint';
import { Checkpointer } from './checkpointer';
import { eventHash, GENESIS_HASH } from './event-hash';
import { withHashChain } from './hash-chain';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key';
import { claimEvent, ManualClock } from './testing/audit-fixtures';
import { type VerificationReport, verifyLedger } from './verify-ledger';

/**
 * Tamper tests on copies of a real ledger file written through the SQLite adapter, the hash chain
 * and a checkpointer. The log (positions as the adapter assigns them):
 *
 *   A0 B0 A1 C0 [checkpoint 0: 4 events] A2 B1 C1 A3 [checkpoint 1: 9 events] B2 C2
 *
 * Each test edits a copy with plain SQL (or plain bytes) and expects verification to stop at the
 * first position the damage can be seen, with the check that sees it.
 */

interface Row {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: number;
}

let dir: string;
let original: string;
let key: SigningKey;
let positions: Map<string, number>;

const at = (stream: string, revision: number): number => {
  const position = positions.get(`${stream}@${revision}`);
  if (position === undefined) throw new Error(`no ${stream}@${revision} in the fixture`);
  return position;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-tamper-'));
  original = join(dir, 'original.db');
  key = loadOrCreateSigningKey(dir, {});
  const store = withHashChain(createSqliteEventStore({ file: original }));
  const clock = new ManualClock();
  const checkpointer = new Checkpointer({ store, signingKey: key, clock: clock.now });
  const append = (stream: string, data: JsonObject) =>
    store.appendToStream(stream, [claimEvent(data)]);
  await append('A', { claim: 'A0' });
  await append('B', { claim: 'B0' });
  await append('A', { claim: 'A1', quantity: 1245 });
  await append('C', { claim: 'C0' });
  await checkpointer.checkpointNow();
  for (const [stream, claim] of [
    ['A', 'A2'],
    ['B', 'B1'],
    ['C', 'C1'],
    ['A', 'A3'],
  ] as const)
    await append(stream, { claim });
  clock.advance(5000);
  await checkpointer.checkpointNow();
  await append('B', { claim: 'B2' });
  await append('C', { claim: 'C2' });
  await store.close();

  const db = new Database(original);
  // Everything in the main file and no stale copy of a record in free space (a page split leaves
  // one behind unless secure_delete zeroes it), so the byte edited below is the live record's.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  db.pragma('secure_delete = ON');
  db.exec('VACUUM');
  const rows = db.prepare('SELECT position, stream, revision FROM events').all() as Row[];
  positions = new Map(rows.map((row) => [`${row.stream}@${row.revision}`, row.position]));
  db.close();
  expect(rows).toHaveLength(12);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Copies the ledger, lets `edit` damage the copy, and verifies the copy with the ledger's public key. */
async function verifyAfter(
  edit: (db: Database.Database, file: string) => void,
): Promise<VerificationReport> {
  const copy = join(dir, `${randomUUID()}.db`);
  copyFileSync(original, copy);
  const db = new Database(copy);
  try {
    edit(db, copy);
  } finally {
    db.close();
  }
  const store = createSqliteEventStore({ file: copy });
  try {
    return await verifyLedger(store, key.publicKeyPem);
  } finally {
    await store.close();
  }
}

function rowAt(db: Database.Database, position: number): Row {
  return db.prepare('SELECT * FROM events WHERE position = ?').get(position) as Row;
}

/** Recomputes a row's audit fields from its (edited) content, as an attacker who knows the scheme would. */
function rehash(db: Database.Database, position: number, prevHash: string): string {
  const row = rowAt(db, position);
  const metadata = JSON.parse(row.metadata) as JsonObject;
  const event = {
    ...row,
    data: JSON.parse(row.data) as JsonObject,
    metadata,
    revision: BigInt(row.revision),
  };
  const hash = eventHash(event, prevHash);
  metadata.audit = { alg: 'sha256-jcs-v1', prevHash, hash };
  db.prepare('UPDATE events SET metadata = ? WHERE position = ?').run(
    JSON.stringify(metadata),
    position,
  );
  return hash;
}

function hashAt(db: Database.Database, position: number): string {
  return (JSON.parse(rowAt(db, position).metadata) as { audit: { hash: string } }).audit.hash;
}

/** Swaps two rows, leaving each position's recording time in place (as a careful forger would). */
function swapPositions(db: Database.Database, a: number, b: number): void {
  const timeA = rowAt(db, a).recorded_at;
  const timeB = rowAt(db, b).recorded_at;
  db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a);
  db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a, b);
  db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b);
  db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(timeA, a);
  db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(timeB, b);
}

describe('verifying a SQLite ledger file after tampering', () => {
  it('passes on the untouched file', async () => {
    const report = await verifyAfter(() => undefined);
    expect(report).toMatchObject({
      ok: true,
      eventsChecked: 12,
      checkpointsChecked: 2,
      eventsAfterLatestCheckpoint: 3,
    });
    expect(report.firstFailure).toBeUndefined();
  });

  it('one byte changed in the file (1245 → 1248 in an event): hash, at that event', async () => {
    const report = await verifyAfter((db, file) => {
      db.close();
      const bytes = readFileSync(file);
      const marker = Buffer.from('"quantity":1245');
      const offset = bytes.indexOf(marker);
      expect(offset).toBeGreaterThan(0);
      expect(bytes.indexOf(marker, offset + 1)).toBe(-1);
      bytes[offset + marker.length - 1] = '8'.charCodeAt(0);
      writeFileSync(file, bytes);
      expect(existsSync(`${file}-wal`)).toBe(false);
    });
    expect(report.firstFailure).toMatchObject({
      position: BigInt(at('A', 1)),
      stream: 'A',
      revision: 1n,
      check: 'hash',
    });
    expect(report.ok).toBe(false);
  });

  it('one byte changed so that an event no longer parses: unreadable, at that event', async () => {
    const report = await verifyAfter((db, file) => {
      db.close();
      const bytes = readFileSync(file);
      const offset = bytes.indexOf(Buffer.from('{"claim":"A1"'));
      expect(offset).toBeGreaterThan(0);
      bytes[offset] = '['.charCodeAt(0);
      writeFileSync(file, bytes);
    });
    expect(report.firstFailure).toMatchObject({
      position: BigInt(at('A', 1)),
      check: 'unreadable',
    });
    expect(report.eventsChecked).toBe(2);
  });

  it('an unreadable event does not hide an earlier failure in the same page', async () => {
    const report = await verifyAfter((db) => {
      db.prepare(`UPDATE events SET data = '{"claim":"B0 (edited)"}' WHERE position = ?`).run(
        at('B', 0),
      );
      db.prepare(`UPDATE events SET data = substr(data, 2) WHERE position = ?`).run(at('A', 1));
    });
    expect(report.firstFailure).toMatchObject({ position: BigInt(at('B', 0)), check: 'hash' });
  });

  it('a checkpoint that no longer parses: unreadable, at the checkpoint', async () => {
    const position = at(CHECKPOINT_STREAM, 1);
    const report = await verifyAfter((db) => {
      db.prepare(`UPDATE events SET data = substr(data, 2) WHERE position = ?`).run(position);
    });
    expect(report.firstFailure).toMatchObject({ position: BigInt(position), check: 'unreadable' });
  });

  it("an event's data edited with SQL: hash, at that event", async () => {
    const report = await verifyAfter((db) => {
      db.prepare(
        `UPDATE events SET data = json_set(data, '$.claim', 'B1 (revised)') WHERE stream = 'B' AND revision = 1`,
      ).run();
    });
    expect(report.firstFailure).toMatchObject({ position: BigInt(at('B', 1)), check: 'hash' });
  });

  it('a row deleted from the middle of a stream: revision_gap, at the next event of that stream', async () => {
    const report = await verifyAfter((db) =>
      db.prepare('DELETE FROM events WHERE position = ?').run(at('A', 2)),
    );
    expect(report.firstFailure).toMatchObject({
      position: BigInt(at('A', 3)),
      stream: 'A',
      revision: 3n,
      check: 'revision_gap',
    });
    expect(report.firstFailure?.detail).toContain('1 event(s) missing');
  });

  it("a stream's last signed event deleted: checkpoint_root, at the checkpoint that signed it", async () => {
    // C1 is followed by C2 only after checkpoint 1, so the tree sees the loss first.
    const report = await verifyAfter((db) =>
      db.prepare('DELETE FROM events WHERE position = ?').run(at('C', 1)),
    );
    expect(report.firstFailure).toMatchObject({
      position: BigInt(at(CHECKPOINT_STREAM, 1)),
      check: 'checkpoint_root',
    });
    expect(report.firstFailure?.detail).toContain('signs 9 events, but only 8 precede it');
  });

  it('a checkpoint deleted: revision_gap, at the next checkpoint', async () => {
    const report = await verifyAfter((db) =>
      db.prepare('DELETE FROM events WHERE position = ?').run(at(CHECKPOINT_STREAM, 0)),
    );
    expect(report.firstFailure).toMatchObject({
      position: BigInt(at(CHECKPOINT_STREAM, 1)),
      stream: CHECKPOINT_STREAM,
      check: 'revision_gap',
    });
  });

  it('a forged row appended with a made-up hash: hash, at the forged row', async () => {
    const forgedAt = 100;
    const report = await verifyAfter((db) => {
      const audit = {
        alg: 'sha256-jcs-v1',
        prevHash: hashAt(db, at('A', 3)),
        hash: 'ab'.repeat(32),
      };
      db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        forgedAt,
        randomUUID(),
        'A',
        4,
        'TransferReported',
        '{"claim":"A4"}',
        JSON.stringify({ actor: 'desk-1', audit }),
        Date.now(),
      );
    });
    expect(report.firstFailure).toMatchObject({
      position: BigInt(forgedAt),
      stream: 'A',
      revision: 4n,
      check: 'hash',
    });
  });

  it('a well-forged row (valid hash, new stream) spliced into the signed history: checkpoint_root, at the next checkpoint', async () => {
    const splicedAt = at('B', 1);
    const report = await verifyAfter((db) => {
      db.prepare('UPDATE events SET position = -position WHERE position >= ?').run(splicedAt);
      db.prepare('UPDATE events SET position = 1 - position WHERE position < 0').run();
      const forged = {
        type: 'TransferReported',
        data: { claim: 'forged' },
        metadata: { actor: 'desk-1' },
        stream: 'D',
        revision: 0n,
      };
      const audit = {
        alg: 'sha256-jcs-v1',
        prevHash: GENESIS_HASH,
        hash: eventHash(forged, GENESIS_HASH),
      };
      db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        splicedAt,
        randomUUID(),
        'D',
        0,
        forged.type,
        JSON.stringify(forged.data),
        JSON.stringify({ ...forged.metadata, audit }),
        // Dated as the row before it, so that recording times stay in order.
        rowAt(db, splicedAt - 1).recorded_at,
      );
    });
    expect(report.firstFailure).toMatchObject({
      position: BigInt(at(CHECKPOINT_STREAM, 1) + 1),
      check: 'checkpoint_root',
    });
  });

  it('two events of one stream swapped in the log: revision_gap, at the earlier place', async () => {
    const report = await verifyAfter((db) => swapPositions(db, at('A', 1), at('A', 2)));
    expect(report.firstFailure).toMatchObject({
      position: BigInt(at('A', 1)),
      stream: 'A',
      revision: 2n,
      check: 'revision_gap',
    });
  });

  it('events of two streams swapped in the log (each stream still in order): checkpoint_root, at the checkpoint', async () => {
    const report = await verifyAfter((db) => swapPositions(db, at('B', 0), at('C', 0)));
    expect(report.firstFailure).toMatchObject({
      position: BigInt(at(CHECKPOINT_STREAM, 0)),
      check: 'checkpoint_root',
    });
    expect(report.firstFailure?.detail).toContain('from the start up to position');
  });

  it('an event rewritten with recomputed hashes down its stream, by someone without the key: checkpoint_root', async () => {
    const report = await verifyAfter((db) => {
      db.prepare(
        `UPDATE events SET data = '{"claim":"A1","quantity":1248}' WHERE position = ?`,
      ).run(at('A', 1));
      let prev = hashAt(db, at('A', 0));
      for (const revision of [1, 2, 3]) prev = rehash(db, at('A', revision), prev);
    });
    expect(report.firstFailure).toMatchObject({
      position: BigInt(at(CHECKPOINT_STREAM, 0)),
      check: 'checkpoint_root',
    });
  });

  it('a checkpoint re-rooted and re-hashed, without the key to sign it: checkpoint_signature', async () => {
    const report = await verifyAfter((db) => {
      const position = at(CHECKPOINT_STREAM, 1);
      db.prepare(`UPDATE events SET data = json_set(data, '$.rootHash', ?) WHERE position = ?`).run(
        'cd'.repeat(32),
        position,
      );
      rehash(db, position, hashAt(db, at(CHECKPOINT_STREAM, 0)));
    });
    expect(report.firstFailure).toMatchObject({
      position: BigInt(at(CHECKPOINT_STREAM, 1)),
      check: 'checkpoint_signature',
    });
  });

  it('fails at the first checkpoint when verified with another public key', async () => {
    const copy = join(dir, 'other-key.db');
    copyFileSync(original, copy);
    const store = createSqliteEventStore({ file: copy });
    try {
      const other = loadOrCreateSigningKey(join(dir, 'other-key'), {});
      const report = await verifyLedger(store, other.publicKeyPem);
      expect(report.firstFailure).toMatchObject({
        position: BigInt(at(CHECKPOINT_STREAM, 0)),
        check: 'checkpoint_key',
      });
    } finally {
      await store.close();
    }
  });

  it('cannot see the tail cut off after the latest checkpoint (the limit an external anchor closes)', async () => {
    const report = await verifyAfter((db) =>
      db.prepare('DELETE FROM events WHERE position > ?').run(at(CHECKPOINT_STREAM, 1)),
    );
    expect(report).toMatchObject({ ok: true, eventsChecked: 10, eventsAfterLatestCheckpoint: 1 });
  });
});
