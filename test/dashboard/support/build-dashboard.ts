import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BUILD_SCRIPT = join(__dirname, '../../../apps/dashboard/build.mjs');

/**
 * Bundles the dashboard with Vite into a fresh temp dir and returns it: the tests serve what a
 * build produces, not the sources. Bundling only: `npm run typecheck` checks the types.
 */
export function buildDashboardInto(): string {
  const out = mkdtempSync(join(tmpdir(), 'ledger-dashboard-'));
  const result = spawnSync(process.execPath, [BUILD_SCRIPT, '--out', out, '--no-typecheck'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0 || !existsSync(join(out, 'index.html'))) {
    throw new Error(
      `The dashboard did not build (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return out;
}
