import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteEventStore } from '@ledger/event-store';
import { Checkpointer } from './checkpointer';
import { withHashChain } from './hash-chain';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key';
import { claimEvent } from './testing/audit-fixtures';
import { type VerificationReport, verifyLedger } from './verify-ledger';

/**
 * Recording times are set by the store after the hash is computed, so a rewrite of one keeps
 * every hash valid: these tests rewrite them with SQL in copies of a real SQLite ledger (dated by
 * the real clock, checkpoints too) and expect the verifier to notice by order and by the signing
 * times around them. Log: 6 events, checkpoint (position 7), 3 events.
 */
let dir: string;
let original: string;
let key: SigningKey;
const SKEW_MS = 60_000;
const YEAR_2100 = Date.parse('2100-01-01T00:00:00Z');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-recorded-at-'));
  original = join(dir, 'original.db');
  key = loadOrCreateSigningKey(dir, {});
  const store = withHashChain(createSqliteEventStore({ file: original }));
  const checkpointer = new Checkpointer({ store, signingKey: key, clock: () => new Date() });
  for (let i = 0; i < 6; i++) await store.appendToStream(`s-${i % 2}`, [claimEvent({ i })]);
  await checkpointer.checkpointNow();
  for (let i = 6; i < 9; i++) await store.appendToStream(`s-${i % 2}`, [claimEvent({ i })]);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
/** Verifies a copy of the ledger after `edit` ran on it, with recording-time bounds as `ledger verify` uses. */
async function verifyEdited(
  edit: (db: Database.Database) => void,
  now = new Date(),
): Promise<VerificationReport> {
  const file = join(dir, `copy-${++copies}.db`);
  copyFileSync(original, file);
  const db = new Database(file);
  edit(db);
  db.close();
  const store = createSqliteEventStore({ file });
  try {
    return await verifyLedger(store, key.publicKey, {
      recordingTimes: { now, skewMs: SKEW_MS },
    });
  } finally {
    await store.close();
  }
}

const setRecordedAt = (db: Database.Database, position: number, ms: number): void => {
  db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(ms, position);
};

describe('recording times', () => {
  it('pass on the log as the store dated it', async () => {
    const report = await verifyEdited(() => undefined);
    expect(report).toMatchObject({ ok: true, eventsChecked: 10, checkpointsChecked: 1 });
  });

  it('one set to 2100 in the middle of the log: after the verifier’s clock', async () => {
    const report = await verifyEdited((db) => setRecordedAt(db, 3, YEAR_2100));
    expect(report.firstFailure).toMatchObject({ position: 3n, check: 'recorded_at' });
    expect(report.firstFailure?.detail).toContain('2100-01-01T00:00:00.000Z');
  });

  it('one set to 1970: it goes back in time', async () => {
    const report = await verifyEdited((db) => setRecordedAt(db, 5, 0));
    expect(report.firstFailure).toMatchObject({ position: 5n, check: 'recorded_at' });
  });

  it('the last one set to 2100, where no later event or checkpoint bounds it: after the verifier’s clock', async () => {
    const report = await verifyEdited((db) => setRecordedAt(db, 10, YEAR_2100));
    expect(report.firstFailure).toMatchObject({ position: 10n, check: 'recorded_at' });
    expect(report.firstFailure?.detail).toContain('after the verification');
  });

  it('two swapped (out of order): caught at the second', async () => {
    const report = await verifyEdited((db) => {
      const [a, b] = db
        .prepare<[], { recorded_at: number }>(
          'SELECT recorded_at FROM events WHERE position IN (1, 6) ORDER BY position',
        )
        .all();
      setRecordedAt(db, 1, b!.recorded_at + 1);
      setRecordedAt(db, 6, a!.recorded_at);
    });
    expect(report.firstFailure).toMatchObject({ position: 2n, check: 'recorded_at' });
  });

  it('everything moved an hour later, order kept: the checkpoint signed before its events were recorded', async () => {
    // Verified two hours from now, so that no time is in the verifier's future.
    const later = new Date(Date.now() + 7_200_000);
    const report = await verifyEdited((db) => {
      db.prepare('UPDATE events SET recorded_at = recorded_at + 3600000').run();
    }, later);
    expect(report.firstFailure).toMatchObject({ position: 7n, check: 'recorded_at' });
    expect(report.firstFailure?.detail).toContain('after the checkpoint covering it was signed');
  });

  it('everything moved an hour earlier, order kept: the checkpoint recorded before it was signed', async () => {
    const report = await verifyEdited((db) => {
      db.prepare('UPDATE events SET recorded_at = recorded_at - 3600000').run();
    });
    expect(report.firstFailure).toMatchObject({ position: 7n, check: 'recorded_at' });
    expect(report.firstFailure?.detail).toContain('before it was signed');
  });

  it('without bounds (the checkpoints dated by another clock), only the order is checked', async () => {
    const unbounded = async (name: string, sql: string): Promise<VerificationReport> => {
      const file = join(dir, name);
      copyFileSync(original, file);
      const db = new Database(file);
      db.prepare(sql).run();
      db.close();
      const store = createSqliteEventStore({ file });
      try {
        return await verifyLedger(store, key.publicKey);
      } finally {
        await store.close();
      }
    };
    const shifted = await unbounded(
      'shifted.db',
      'UPDATE events SET recorded_at = recorded_at + 3600000',
    );
    expect(shifted.ok).toBe(true);
    const in2100 = await unbounded(
      'in2100.db',
      `UPDATE events SET recorded_at = ${YEAR_2100} WHERE position = 3`,
    );
    expect(in2100.firstFailure).toMatchObject({ position: 4n, check: 'recorded_at' });
    expect(in2100.firstFailure?.detail).toContain('before the previous event');
  });
});
