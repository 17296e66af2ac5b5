// Builds the dashboard: type-checks it with its own tsconfig (it is excluded from the root one),
// then bundles it with Vite. Used by scripts/build.mjs (into dist/dashboard, which the ledger
// serves at `/`) and by the browser tests (into a temp dir, bundling only: CI's typecheck step
// checks the dashboard too).
//
// Usage: node apps/dashboard/build.mjs [--out DIR] [--no-typecheck]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const web = fileURLToPath(new URL('./web', import.meta.url));

function run(script, args) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0)
    throw new Error(`${script} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

/** Type-checks (unless told not to) and bundles the dashboard; `outDir` defaults to dist/dashboard. */
export function buildDashboard({ outDir, typecheck = true } = {}) {
  if (typecheck) run('node_modules/typescript/bin/tsc', ['-p', `${web}/tsconfig.json`, '--noEmit']);
  run('node_modules/vite/bin/vite.js', [
    'build',
    web,
    '--config',
    `${web}/vite.config.mjs`,
    '--logLevel',
    'warn',
    ...(outDir ? ['--outDir', outDir, '--emptyOutDir'] : []),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  try {
    buildDashboard({
      outDir: at > 0 ? process.argv[at + 1] : undefined,
      typecheck: !process.argv.includes('--no-typecheck'),
    });
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
