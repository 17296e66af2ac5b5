import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SEED_IDS } from '@ledger/domain';
import { SEED_FIXTURE } from '../support/test-ledger';
import { ledger, ledgerProcess } from './support/cli';

const { claims: C, sources: S } = SEED_IDS;

interface ReplayJson {
  asOfPosition: string;
  discrepancies: { kind: string; delta: number }[];
  totals: { groups: { phases: { phase: string; figures: { sourceId: string }[] }[] }[] }[];
}

interface TrailJson {
  claim: unknown;
  entries: { eventType: string; actor: string }[];
}

const replayOf = (stdout: string): ReplayJson => JSON.parse(stdout) as ReplayJson;

/**
 * The auditors' CLI on a data directory: the seed scenario imported through the command path,
 * then replayed, traced, verified, proven and exported, all from the SQLite file.
 */
describe('ledger CLI on an embedded (SQLite) ledger holding the seed scenario', () => {
  let dir: string;
  let dataDir: string;
  const cli = (...args: string[]) => ledger(['--data-dir', dataDir, ...args], { cwd: dir });
  const rows = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(join(dataDir, 'ledger.db'), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
    dataDir = join(dir, 'data');
    const imported = await cli('import', SEED_FIXTURE, '--actor', 'desk-editor');
    expect(imported.stderr).toContain('Imported 19 commands');
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.stdout).toContain('Done: 19 of 19 commands');
    expect(imported.stdout).toContain('21 events appended; 0 commands were already entered');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imported through the command API: every event chained, ended by a signed checkpoint', () => {
    const events = rows<{ type: string; metadata: string }>(
      'SELECT type, metadata FROM events ORDER BY position',
    );
    // 21 events of the seed, 9 id reservations (claims and the dispute), the checkpoint.
    expect(events).toHaveLength(31);
    expect(events.at(-1)?.type).toBe('CheckpointSigned');
    expect(events.every((e) => /"hash":"[0-9a-f]{64}"/.test(e.metadata))).toBe(true);
    expect(JSON.parse(events[0]!.metadata)).toMatchObject({
      actor: 'desk-editor',
      correlationId: 'import:seed-scenario.json',
      commandName: 'RegisterSource',
    });
  });

  it('enters nothing twice: a second import is answered from the idempotency keys', async () => {
    const again = await cli('import', SEED_FIXTURE, '--actor', 'desk-editor');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 events appended; 19 commands were already entered');
    expect(rows('SELECT position FROM events WHERE stream != ?', 'audit-checkpoints')).toHaveLength(
      30,
    );
  });

  it('replays the totals and discrepancies as they stand: 1,245 and 1,248 side by side, the dispute of 3', async () => {
    const text = await cli('replay');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      'phase final: 1,245 (ua-coordination-hq) | 1,248 (ru-mod); range 1,245-1,248, spread 3',
    );
    expect(text.stdout).toContain('Discrepancies: 2 open, 0 closed');
    expect(text.stderr).toMatch(
      /^Replayed \d+ events in [\d.]+ s \([\d,]+ events\/s\); as of position \d+\n$/,
    );
    const json = replayOf((await cli('replay', '--json')).stdout);
    expect(json.discrepancies.map((d) => [d.kind, d.delta])).toEqual([
      ['figure', 3],
      ['totals', 27],
    ]);
  });

  it('replays as of a position: before the dispute was detected, both figures and no discrepancy', async () => {
    const [disputed] = rows<{ position: number }>(
      "SELECT position FROM events WHERE type = 'FigureDisputed'",
    );
    const before = replayOf(
      (await cli('replay', '--as-of', String(disputed!.position - 1), '--json')).stdout,
    );
    expect(before.asOfPosition).toBe(String(disputed!.position - 1));
    expect(before.discrepancies).toEqual([]);
    const finalPhase = before.totals[0]?.groups[0]?.phases.find((p) => p.phase === 'final');
    expect(finalPhase?.figures.map((f) => f.sourceId)).toEqual([S.uaHq, S.ruMod]);
  });

  it('replays as of a recording time: the last event recorded by then', async () => {
    const [first] = rows<{ recorded_at: number }>(
      "SELECT recorded_at FROM events WHERE type = 'TransferReported' ORDER BY position LIMIT 1",
    );
    const at = new Date(Number(first!.recorded_at)).toISOString();
    const [expected] = rows<{ position: number }>(
      'SELECT max(position) AS position FROM events WHERE recorded_at <= ?',
      first!.recorded_at,
    );
    const replay = replayOf((await cli('replay', '--as-of', at, '--json')).stdout);
    expect(replay.asOfPosition).toBe(String(expected!.position));
    expect(replay.totals[0]?.groups[0]?.phases[0]?.figures).toHaveLength(1);
  });

  it("prints one claim's audit trail: who recorded it, from which source, what disputed and corroborated it", async () => {
    const trail = JSON.parse(
      (await cli('audit-trail', C.uaFinal1245, '--json')).stdout,
    ) as TrailJson;
    expect(trail.claim).toMatchObject({
      claimId: C.uaFinal1245,
      sourceId: S.uaHq,
      quantity: { value: 1245 },
    });
    expect(trail.entries.map((e) => e.eventType)).toEqual([
      'TransferReported',
      'FigureDisputed',
      'ClaimCorroborated',
      'ClaimCorroborated',
    ]);
    expect(trail.entries.every((e) => e.actor === 'desk-editor')).toBe(true);
    const text = await cli('audit-trail', C.uaFinal1245);
    expect(text.stdout).toContain('FigureDisputed by desk-editor (ReportTransfer)');
    expect(text.stdout).toContain(
      'disputed: disputeId dispute-final-phase-russia-to-ukraine, delta 3',
    );
    const unknown = await cli('audit-trail', 'claim-nobody-made');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /\nledger: Claim claim-nobody-made had not been recorded as of position \d+\n$/,
    );
  });

  it('verifies the log against a public key obtained beforehand', async () => {
    expect((await cli('public-key', '--out', 'ledger-key.pem')).code).toBe(0);
    const verified = await cli('verify', '--public-key', 'ledger-key.pem');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(
      /^OK: 31 events of the SQLite log data\/ledger.db up to position 31 verified/,
    );
    expect(verified.stdout).toContain('latest checkpoint: 30 events up to position 30');
    expect(verified.stderr).toMatch(/^Verified 31 events in /);
  });

  it('proves one event offline: the proof checks with the public key alone, and an altered proof does not', async () => {
    const [disputed] = rows<{ position: number }>(
      "SELECT position FROM events WHERE type = 'FigureDisputed'",
    );
    expect((await cli('proof', String(disputed!.position), '--out', 'proof.json')).code).toBe(0);
    const proof = JSON.parse(readFileSync(join(dir, 'proof.json'), 'utf8'));
    proof.event.data.delta = 0;
    writeFileSync(join(dir, 'altered-proof.json'), JSON.stringify(proof));
    // No data directory at all: the verifier needs none.
    const altered = await ledger(
      ['verify-proof', 'altered-proof.json', '--public-key', 'ledger-key.pem'],
      { cwd: dir, env: { LEDGER_DATA_DIR: join(dir, 'nowhere') } },
    );
    expect(altered).toMatchObject({
      code: 1,
      stdout: 'INVALID: the event content does not match its recorded hash\n',
    });
    const valid = await ledgerProcess(
      ['verify-proof', 'proof.json', '--public-key', 'ledger-key.pem'],
      { cwd: dir, env: { LEDGER_DATA_DIR: join(dir, 'nowhere') } },
    );
    expect(valid.stderr).toBe('');
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(
      new RegExp(
        `^VALID: the FigureDisputed event at position ${disputed!.position} \\(stream "agreement-istanbul-2025", revision 3\\) is leaf ${disputed!.position - 1} of the 30-event log`,
      ),
    );
  });

  it('refuses what it cannot use with exit code 2 and a reason', async () => {
    expect(await ledger(['--data-dir', join(dir, 'empty'), 'verify'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('No ledger in'),
    });
    expect(await cli('replay', '--as-of', 'yesterday')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('is neither a global position'),
    });
    expect(await cli('export', '--format', 'xlsx')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Allowed choices are csv, hxl, prov-json'),
    });
    expect(await cli('proof', '900')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('is after the latest checkpoint'),
    });
  });
});
