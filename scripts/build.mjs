// Compiles the apps and libs with tsc, then rewrites @ledger/* imports to relative paths; then
// type-checks and bundles the dashboard into dist/dashboard (served by the ledger at `/`).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { buildDashboard } from '../apps/dashboard/build.mjs';

const run = (cmd, args) => {
  const r = spawnSync(process.execPath, [cmd, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
rmSync('dist', { recursive: true, force: true });
run('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
run('node_modules/tsc-alias/dist/bin/index.js', ['-p', 'tsconfig.build.json']);
try {
  buildDashboard();
} catch (error) {
  console.error(`The dashboard did not build: ${error.message}`);
  process.exit(1);
}
