import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './child';

/**
 * The baselines (emmett-sqlite with its native sqlite3) and the load generator (autocannon) live
 * in bench/baselines/node_modules, installed here on demand: `npm ci` of the project never pays
 * for them (sqlite3 compiles from source when no prebuilt binary can be downloaded, minutes of
 * CPU). They are loaded by path, so the project type-checks and lints without them.
 */
export const BASELINES_DIR = join(ROOT, 'bench', 'baselines');
type Package = '@event-driven-io/emmett-sqlite' | 'autocannon' | 'sqlite3';

const baselineRequire = createRequire(join(BASELINES_DIR, 'package.json'));

function installed(names: readonly Package[]): boolean {
  return names.every((name) => {
    try {
      baselineRequire.resolve(name);
      return true;
    } catch {
      return false;
    }
  });
}

/** True when emmett-sqlite and its native sqlite3 are installed. */
export function emmettInstalled(): boolean {
  return installed(['@event-driven-io/emmett-sqlite', 'sqlite3']);
}

/**
 * Installs bench/baselines/node_modules from its lock file when a package is missing. emmett and
 * sqlite3 are optional dependencies there: without `withEmmett` they are left out (--omit=optional),
 * which installs autocannon alone in seconds.
 */
export function ensureBaselines(options: {
  withEmmett: boolean;
  log: (line: string) => void;
}): void {
  const wanted: Package[] = options.withEmmett
    ? ['autocannon', '@event-driven-io/emmett-sqlite', 'sqlite3']
    : ['autocannon'];
  if (installed(wanted)) return;
  options.log(
    options.withEmmett
      ? 'Installing the baselines into bench/baselines/node_modules (once; sqlite3 compiles from source where no prebuilt binary can be downloaded: a few minutes)…'
      : 'Installing autocannon into bench/baselines/node_modules (once)…',
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = [
    'ci',
    '--no-audit',
    '--no-fund',
    ...(options.withEmmett ? [] : ['--omit=optional']),
  ];
  const run = spawnSync(npm, args, { cwd: BASELINES_DIR, stdio: 'inherit' });
  if (run.status !== 0 || !installed(wanted))
    throw new Error(
      `npm ${args.join(' ')} in bench/baselines failed (exit ${run.status ?? run.signal})`,
    );
}

export function requireBaseline<T>(name: Package): T {
  return baselineRequire(name) as T;
}

/** The SQLite library node-sqlite3 (emmett's driver) was built with, e.g. "3.44.2". */
export function sqlite3Version(): string | undefined {
  try {
    return requireBaseline<{ VERSION: string }>('sqlite3').VERSION;
  } catch {
    return undefined;
  }
}
