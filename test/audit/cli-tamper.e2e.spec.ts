import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { eventHash, GENESIS_HASH, withoutAudit } from '@ledger/audit';
import { ledger, ledgerProcess } from './support/cli';
import { seededDataDir } from './support/seeded-data-dir';

interface Row {
  position: number;
  stream: string;
  revision: number;
  type: string;
  metadata: string;
}

/**
 * `ledger verify` on copies of a real ledger file (the seed scenario, imported and checkpointed)
 * after someone edited, deleted, inserted or reordered rows: exit 1, naming the first bad position
 * and the check that failed. The library's own tamper tests cover every kind of damage; these
 * check that the program reports them as an auditor needs.
 */
describe('ledger verify on tampered copies of the SQLite file', () => {
  let dir: string;
  let original: string;
  let key: string;
  let log: Row[];
  let copies = 0;
  const at = (type: string, nth = 0): Row => {
    const row = log.filter((r) => r.type === type)[nth];
    if (row === undefined) throw new Error(`no ${type} #${nth} in the seed log`);
    return row;
  };

  beforeAll(async () => {
    const seeded = await seededDataDir('ledger-tamper-cli-');
    dir = seeded.dir;
    original = join(seeded.dataDir, 'ledger.db');
    key = join(dir, 'ledger-key.pem');
    expect(
      (await ledger(['--data-dir', seeded.dataDir, 'public-key', '--out', key], { cwd: dir })).code,
    ).toBe(0);
    const db = new Database(original);
    // One file, and no stale copy of an edited record left in free pages.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    db.pragma('secure_delete = ON');
    db.exec('VACUUM');
    log = db
      .prepare('SELECT position, stream, revision, type, metadata FROM events ORDER BY position')
      .all() as Row[];
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of the ledger's data dir, damaged by `edit`; returns its directory. */
  function tamperedCopy(edit: (db: Database.Database, file: string) => void): string {
    copies += 1;
    const copyDir = join(dir, `copy-${copies}`);
    mkdirSync(copyDir);
    const file = join(copyDir, 'ledger.db');
    copyFileSync(original, file);
    const db = new Database(file);
    try {
      edit(db, file);
    } finally {
      if (db.open) db.close();
    }
    return copyDir;
  }

  const verify = (copyDir: string) =>
    ledger(['--data-dir', copyDir, 'verify', '--public-key', key], { cwd: dir });

  it('passes on the untouched copy', async () => {
    const result = await verify(tamperedCopy(() => undefined));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^OK: 31 events /);
  });

  it("edited row (Russia's 1,248 made 1,245 with SQL): exit 1, hash check, at that event", async () => {
    const claim = at('TransferReported', 1);
    const result = await verify(
      tamperedCopy((db) =>
        db
          .prepare(
            `UPDATE events SET data = json_set(data, '$.quantity.value', 1245) WHERE position = ?`,
          )
          .run(claim.position),
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `TAMPERED: the SQLite log copy-${copies}/ledger.db fails verification at position ${claim.position} (stream "${claim.stream}", revision ${claim.revision}).`,
    );
    expect(result.stdout).toContain('check:  hash');
    expect(result.stdout).toContain('the event was altered');
  });

  it('deleted row (the 1,248 claim): exit 1, revision gap, at the next event of its stream', async () => {
    const claim = at('TransferReported', 1);
    const next = log.find((r) => r.stream === claim.stream && r.revision === claim.revision + 1)!;
    const result = await verify(
      tamperedCopy((db) => db.prepare('DELETE FROM events WHERE position = ?').run(claim.position)),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `at position ${next.position} (stream "${claim.stream}", revision ${next.revision})`,
    );
    expect(result.stdout).toContain('check:  revision_gap');
    expect(result.stdout).toContain('1 event(s) missing');
  });

  it('inserted row (a forged source, hashed by the scheme, spliced into signed history): exit 1, at the checkpoint that signed the history', async () => {
    const source = at('SourceRegistered', 5);
    const checkpoint = at('CheckpointSigned');
    const result = await verify(
      tamperedCopy((db) => {
        // Everything from the first claim on moves one place up; a forged registration fills the gap,
        // its audit fields computed as the ledger would (anyone can: the hash needs no key).
        const gap = at('TransferReported').position;
        db.prepare('UPDATE events SET position = -position WHERE position >= ?').run(gap);
        db.prepare('UPDATE events SET position = 1 - position WHERE position < 0').run();
        const copied = db
          .prepare('SELECT data, metadata FROM events WHERE position = ?')
          .get(source.position) as { data: string; metadata: string };
        const forged = {
          type: 'SourceRegistered',
          data: JSON.parse(copied.data),
          metadata: withoutAudit(JSON.parse(copied.metadata)),
          stream: 'source-forged',
          revision: 0n,
        };
        const metadata = {
          ...forged.metadata,
          audit: {
            alg: 'sha256-jcs-v1',
            prevHash: GENESIS_HASH,
            hash: eventHash(forged, GENESIS_HASH),
          },
        };
        db.prepare('INSERT INTO events VALUES (?, ?, ?, 0, ?, ?, ?, ?)').run(
          gap,
          randomUUID(),
          forged.stream,
          forged.type,
          copied.data,
          JSON.stringify(metadata),
          // Dated as the row before it, so that recording times stay in order (a careful forger).
          (
            db.prepare('SELECT recorded_at FROM events WHERE position = ?').get(gap - 1) as {
              recorded_at: number;
            }
          ).recorded_at,
        );
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `at position ${checkpoint.position + 1} (stream "audit-checkpoints", revision 0)`,
    );
    expect(result.stdout).toContain('check:  checkpoint_root');
  });

  it('reordered rows (two claims of one stream swapped): exit 1, revision gap, at the earlier place', async () => {
    const [first, second] = [at('TransferReported', 0), at('TransferReported', 1)];
    const result = await verify(
      tamperedCopy((db) => {
        db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(first.position);
        db.prepare('UPDATE events SET position = ? WHERE position = ?').run(
          first.position,
          second.position,
        );
        db.prepare('UPDATE events SET position = ? WHERE position = -1').run(second.position);
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `at position ${first.position} (stream "${second.stream}", revision ${second.revision})`,
    );
    expect(result.stdout).toContain('check:  revision_gap');
  });

  it('one byte changed in the file, caught by the program run as a child process: exit 1 naming the position', async () => {
    const claim = at('TransferReported', 1);
    const copyDir = tamperedCopy((db, file) => {
      db.close();
      const bytes = readFileSync(file);
      const marker = Buffer.from('"value":1248,"precision"');
      const offset = bytes.indexOf(marker);
      expect(offset).toBeGreaterThan(0);
      bytes[offset + '"value":124'.length] = '5'.charCodeAt(0);
      writeFileSync(file, bytes);
    });
    const result = await ledgerProcess(['--data-dir', copyDir, 'verify', '--public-key', key], {
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^TAMPERED: .* fails verification at position (${claim.position}|${at('FigureDisputed').position}) `,
      ),
    );
    expect(result.stdout).toContain('check:  hash');
  });
});
