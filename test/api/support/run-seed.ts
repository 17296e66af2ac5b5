import { join } from 'node:path';
import { type ChildRun, runNode } from '../../support/child-run';
import { tokenFor } from './ledger-server';

const SEED_SCRIPT = join(__dirname, '../../../scripts/seed.mjs');

/**
 * Runs `scripts/seed.mjs` as a real child process against `url`. Asynchronous on purpose: the
 * ledger it talks to runs in this very process and must keep serving meanwhile.
 */
export function runSeed(url: string, fixture?: string): Promise<ChildRun> {
  return runNode([SEED_SCRIPT, ...(fixture ? [fixture] : [])], {
    env: { ...process.env, LEDGER_URL: url, LEDGER_API_KEY: tokenFor(url) ?? '' },
    timeoutMs: 20_000,
  });
}
