import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where the built dashboard lives: LEDGER_DASHBOARD_DIR when set (tests point it at their own
 * build), else `dist/dashboard` of this checkout. The API runs both compiled (from
 * dist/apps/ledger-api/src/dashboard) and from source (tests), so both layouts are tried.
 */
export function dashboardDir(env: Env = process.env): string | undefined {
  const configured = env.LEDGER_DASHBOARD_DIR;
  if (configured !== undefined && configured !== '') return resolve(configured);
  const candidates = [
    join(__dirname, '..', '..', '..', '..', 'dashboard'), // dist/apps/ledger-api/src/dashboard -> dist/dashboard
    join(__dirname, '..', '..', '..', '..', 'dist', 'dashboard'), // apps/ledger-api/src/dashboard -> dist/dashboard
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}
