// Builds the installable package: JS + .d.ts under dist/ (or --out-dir <dir>, e.g. a temp dir).
// The client imports @ledger/domain for types only: tsc emits the domain's declarations beside the
// client's and tsc-alias turns the alias into a relative import, so the package needs no
// @ledger/domain; the domain's JS is deleted (nothing requires it at runtime).
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out-dir');
const outDir = resolve(outIndex >= 0 ? args[outIndex + 1] : join(here, 'dist'));
const project = join(here, 'tsconfig.build.json');
const bin = (pkg, name) => join(dirname(require.resolve(`${pkg}/package.json`)), name);

rmSync(outDir, { recursive: true, force: true });
execFileSync(process.execPath, [bin('typescript', 'bin/tsc'), '-p', project, '--outDir', outDir], {
  stdio: 'inherit',
});
execFileSync(
  process.execPath,
  [bin('tsc-alias', 'dist/bin/index.js'), '-p', project, '--outDir', outDir],
  { stdio: 'inherit' },
);
const clientDir = join(outDir, 'libs', 'ledger-client');
for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
  const file = join(entry.parentPath, entry.name);
  if (entry.isFile() && file.endsWith('.js') && !file.startsWith(clientDir)) rmSync(file);
}
console.log(`built @ledger/ledger-client into ${outDir}`);
