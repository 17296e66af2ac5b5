// Builds only what changed since the last build, so `npm start` on a built tree starts at once:
//  - the server (apps + libs): tsc, then tsc-alias rewriting @ledger/* imports to relative paths;
//  - the dashboard: type-checked and bundled into dist/dashboard (served by the ledger at `/`).
// Each part is skipped when the SHA-256 of its inputs (every file's path and content, plus the
// configs and lockfile that shape the output) equals the stamp written after its last build.
// Contents, not mtimes: a checkout or a copy changes mtimes without changing what gets built.
//
// Usage: node scripts/build.mjs [--force] [--no-dashboard]
// Run from the repository root (the test runs it from a scratch tree of its own).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const tools = fileURLToPath(new URL('..', import.meta.url));
const STAMPS = 'dist/.build-stamps.json';
const SHARED_INPUTS = ['package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];

/** The parts of the build, each with what it reads and what it writes. */
const PARTS = {
  server: {
    inputs: ['apps', 'libs', 'tsconfig.build.json'],
    skip: (path) => path.includes('/dashboard/web/') || path.endsWith('.spec.ts'),
    outputs: ['dist/apps', 'dist/libs'],
    build: () => {
      rmSync('dist/apps', { recursive: true, force: true });
      rmSync('dist/libs', { recursive: true, force: true });
      run(join(tools, 'node_modules/typescript/bin/tsc'), ['-p', 'tsconfig.build.json']);
      run(join(tools, 'node_modules/tsc-alias/dist/bin/index.js'), ['-p', 'tsconfig.build.json']);
    },
  },
  dashboard: {
    inputs: ['apps/dashboard'],
    skip: () => false,
    outputs: ['dist/dashboard/index.html'],
    build: async () => {
      const { buildDashboard } = await import('../apps/dashboard/build.mjs');
      buildDashboard();
    },
  },
};

function run(script, args) {
  const r = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function* filesUnder(path) {
  const entries = readdirSync(path, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(path, entry.name);
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

/** One hash over every input file's path and content, in a stable order. */
export function fingerprint(part) {
  const hash = createHash('sha256');
  for (const input of [...SHARED_INPUTS, ...part.inputs]) {
    if (!existsSync(input)) continue;
    const files = statSync(input).isDirectory() ? [...filesUnder(input)] : [input];
    for (const file of files) {
      const path = relative('.', file).split('\\').join('/');
      if (part.skip(path)) continue;
      hash.update(`${path}\0`).update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

const readStamps = () => {
  try {
    return JSON.parse(readFileSync(STAMPS, 'utf8'));
  } catch {
    return {};
  }
};

async function main() {
  const force = process.argv.includes('--force');
  const names = Object.keys(PARTS).filter(
    (name) => name !== 'dashboard' || !process.argv.includes('--no-dashboard'),
  );
  const stamps = readStamps();
  const built = [];
  for (const name of names) {
    const part = PARTS[name];
    const now = fingerprint(part);
    const outputsThere = part.outputs.every((output) => existsSync(output));
    if (!force && outputsThere && stamps[name] === now) continue;
    // The stamp goes first so a failed build leaves none: the next run builds again.
    delete stamps[name];
    mkdirSync('dist', { recursive: true });
    writeFileSync(STAMPS, JSON.stringify(stamps, null, 2));
    try {
      await part.build();
    } catch (error) {
      console.error(`The ${name} did not build: ${error.message}`);
      process.exit(1);
    }
    stamps[name] = now;
    writeFileSync(STAMPS, JSON.stringify(stamps, null, 2));
    built.push(name);
  }
  console.error(
    built.length === 0
      ? 'build: dist is up to date'
      : `build: rebuilt ${built.join(' and ')} (sources changed)`,
  );
}

await main();
