import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { withHashChain } from '@ledger/audit';
import { SEED_IDS } from '@ledger/domain';
import { createSqliteEventStore } from '@ledger/event-store';
import { ledgerProcess } from './support/cli';
import { seededDataDir } from './support/seeded-data-dir';

const { claims: C } = SEED_IDS;
/** What a recorder could have written before input refused it: erase the line, forge another. */
const FORGED =
  'Withdrawn\u001b[2K\r  #1  2025-01-01T00:00:00Z  ClaimRetracted by nobody\u0007\u202E\u009b';
/** A terminal acts on these; none may reach stdout raw. */
const ACTIVE = /[^\P{Cc}\n]|[\u202A-\u202E\u2066-\u2069]/u;

/** The dispute the seed opens (FigureDisputed): its id and quantity key. */
function seedDispute(dataDir: string): { disputeId: string; quantityKey: string } {
  const db = new Database(join(dataDir, 'ledger.db'), { readonly: true });
  try {
    const row = db.prepare("SELECT data FROM events WHERE type = 'FigureDisputed'").get() as {
      data: string;
    };
    const { disputeId, quantityKey } = JSON.parse(row.data) as Record<string, string>;
    return { disputeId: disputeId!, quantityKey: quantityKey! };
  } finally {
    db.close();
  }
}

/**
 * The auditors' CLI prints ledger text (reasons, names…) as visible escapes: a log that holds
 * terminal control sequences (written before they were refused, or by another writer) cannot
 * erase or forge report lines. Run as the real program, a child process.
 */
describe('ledger CLI output of hostile ledger text', () => {
  let dir: string;
  let dataDir: string;

  beforeAll(async () => {
    ({ dir, dataDir } = await seededDataDir('ledger-cli-controls-'));
    // Straight into the store, past the domain's checks (as an older version accepted it).
    const store = withHashChain(createSqliteEventStore({ file: join(dataDir, 'ledger.db') }));
    try {
      await store.appendToStream('agreement-istanbul-2025', [
        {
          id: randomUUID(),
          type: 'ClaimRetracted',
          data: { agreementId: 'istanbul-2025', claimId: C.uaFinal1245, reason: FORGED },
          metadata: { actor: 'desk\u001b]0;pwned\u0007', schemaVersion: 1 },
        },
        // The seed's dispute (1,245 vs 1,248) explained with the same text: replay prints the reason.
        {
          id: randomUUID(),
          type: 'DisputeStatusChanged',
          data: {
            ...seedDispute(dataDir),
            agreementId: 'istanbul-2025',
            previousStatus: 'open',
            status: 'explained',
            reason: FORGED,
            by: 'person',
          },
          metadata: { actor: 'desk-editor', schemaVersion: 1 },
        },
      ]);
    } finally {
      await store.close();
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('audit-trail shows ESC, CR, BEL, C1 and bidi overrides as escapes, one line per entry', async () => {
    const run = await ledgerProcess(['--data-dir', dataDir, 'audit-trail', C.uaFinal1245], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(ACTIVE);
    expect(run.stdout).toContain(
      'reason Withdrawn\\x1B[2K\\x0D  #1  2025-01-01T00:00:00Z  ClaimRetracted by nobody\\x07\\u202E\\x9B',
    );
    expect(run.stdout).toContain('ClaimRetracted by desk\\x1B]0;pwned\\x07');
    // The forged entry did not become a line of its own.
    expect(run.stdout.split('\n').filter((l) => l.startsWith('  #1  '))).toEqual([]);
  }, 90_000);

  it('replay shows the same text as escapes in the discrepancy it explains', async () => {
    const run = await ledgerProcess(['--data-dir', dataDir, 'replay'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(ACTIVE);
    expect(run.stdout).toMatch(
      /; explained at position \d+ \(Withdrawn\\x1B\[2K\\x0D {2}#1 {2}2025-01-01T00:00:00Z {2}ClaimRetracted by nobody\\x07\\u202E\\x9B\)\n/,
    );
    expect(run.stdout.split('\n').filter((l) => l.startsWith('  #1  '))).toEqual([]);
  }, 90_000);

  it('--json keeps the same value, with the characters a terminal acts on \\u-escaped', async () => {
    const run = await ledgerProcess(
      ['--data-dir', dataDir, 'audit-trail', C.uaFinal1245, '--json'],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(ACTIVE);
    const trail = JSON.parse(run.stdout) as { entries: { change: { reason?: string } }[] };
    expect(trail.entries.at(-1)?.change.reason).toBe(FORGED);
  }, 90_000);
});
