// Runs jest with JSON results and prints the closing line `N passed, N failed[, N skipped]`.
// Usage: node scripts/test.mjs [--esdb] [jest args…]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { summaryLine } from './summary.mjs';

const args = process.argv.slice(2);
const esdb = args[0] === '--esdb';
const jestArgs = esdb ? args.slice(1) : args;
const out = 'reports/jest.json';
mkdirSync('reports', { recursive: true });
if (existsSync(out)) rmSync(out);

if (esdb && !process.env.EVENTSTORE_CONNECTION_STRING) {
  console.error(
    'npm run test:esdb needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://127.0.0.1:2113?tls=false).',
  );
  process.exit(2);
}
const env = { ...process.env, ...(esdb ? { LEDGER_TEST_REAL_ESDB: '1' } : {}) };
const extra = esdb ? ['--testPathPatterns', 'esdb'] : [];
const res = spawnSync(
  process.execPath,
  ['node_modules/jest/bin/jest.js', '--json', `--outputFile=${out}`, ...extra, ...jestArgs],
  { stdio: ['ignore', 'inherit', 'inherit'], env },
);
if (!existsSync(out)) {
  console.error('jest wrote no results');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log(summaryLine(JSON.parse(readFileSync(out, 'utf8'))));
process.exit(res.status ?? 1);
