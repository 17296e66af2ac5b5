import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
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
