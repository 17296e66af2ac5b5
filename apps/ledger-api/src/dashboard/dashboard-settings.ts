import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the built dashboard lives: LEDGER_DASHBOARD_DIR (resolved by the config) when set (tests point it at their own
 * build), else `dist/dashboard` of this checkout. The API runs both compiled (from
 * dist/apps/ledger-api/src/dashboard) and from source (tests), so both layouts are tried.
 */
export function dashboardDir(configured: string | undefined): string | undefined {
  if (configured !== undefined) return configured;
  const candidates = [
    join(__dirname, '..', '..', '..', '..', 'dashboard'), // dist/apps/ledger-api/src/dashboard -> dist/dashboard
    join(__dirname, '..', '..', '..', '..', 'dist', 'dashboard'), // apps/ledger-api/src/dashboard -> dist/dashboard
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}
