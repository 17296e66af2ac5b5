// The closing line from jest's JSON results. Suites that failed to run count as failures.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export function summaryLine(r) {
  const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  const skipped = r.numPendingTests + r.numTodoTests;
  return (
    `${r.numPassedTests} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : '')
  );
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2] ?? 'reports/jest.json';
  console.log(summaryLine(JSON.parse(readFileSync(file, 'utf8'))));
}
