import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTER_TS, ROOT, runNode } from '../support/child-run';

// The three programs started for real with a bad environment: each reads the one configuration
// first, so each refuses the same way, naming every problem, before it writes anything.
describe('one configuration for the API, the projector and the CLI', () => {
  let parent: string;
  beforeAll(() => (parent = mkdtempSync(join(tmpdir(), 'ledger-config-e2e-'))));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  const programs = {
    api: ['apps/ledger-api/src/main.ts'],
    projector: ['apps/projector/src/main.ts', 'status'],
    cli: ['apps/ledger-cli/src/main.ts', 'replay'],
  } as const;

  it.each(Object.keys(programs) as (keyof typeof programs)[])(
    '%s: exit 2 naming every problem at once, typos included, and nothing written',
    async (program) => {
      const dataDir = join(parent, program);
      const [script, ...args] = programs[program];
      const run = await runNode(['-r', REGISTER_TS, join(ROOT, script), ...args], {
        env: {
          PATH: process.env.PATH ?? '',
          LEDGER_DATA_DIR: dataDir,
          PORT: '0',
          LEDGER_SSE_HEARTBEAT: '1000',
          LEDGER_PROJECTIONS: 'remote',
          LEDGER_RATE_LIMIT: 'lots',
          LEDGER_CHECKPOINT_EVERY: '0',
        },
        timeoutMs: 60_000,
      });
      expect(run.code).toBe(2);
      for (const problem of [
        'LEDGER_SSE_HEARTBEAT is not a setting of the ledger (did you mean LEDGER_SSE_HEARTBEAT_MS?)',
        'LEDGER_PROJECTIONS="remote" is not one of inline, external',
        'LEDGER_RATE_LIMIT="lots" is not a whole number from 1 to 1000000000',
        'LEDGER_CHECKPOINT_EVERY="0" is not a whole number from 1 to 1000000000',
      ])
        expect(run.stderr).toContain(problem);
      expect(existsSync(dataDir)).toBe(false);
    },
  );
});
