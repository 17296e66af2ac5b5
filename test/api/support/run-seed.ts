import { join } from 'node:path';
import { type ChildRun, runNode } from '../../support/child-run';
import type { TestLedger } from './ledger-server';

const SEED_SCRIPT = join(__dirname, '../../../scripts/seed.mjs');

/**
 * Runs `scripts/seed.mjs` as a real child process against the ledger, with its admin key.
 * Asynchronous on purpose: the ledger it talks to runs in this very process and must keep serving
 * meanwhile.
 */
export function runSeed(
  ledger: Pick<TestLedger, 'url' | 'tokens'>,
  fixture?: string,
): Promise<ChildRun> {
  return runNode([SEED_SCRIPT, ...(fixture ? [fixture] : [])], {
    env: { ...process.env, LEDGER_URL: ledger.url, LEDGER_API_KEY: ledger.tokens.admin },
    timeoutMs: 20_000,
  });
}
