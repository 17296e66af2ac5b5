import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tokenFor } from './ledger-server';

const SEED_SCRIPT = join(__dirname, '../../../scripts/seed.mjs');

/**
 * Runs `scripts/seed.mjs` as a real child process against `url`. Asynchronous on purpose: the
 * ledger it talks to runs in this very process and must keep serving meanwhile.
 */
export function runSeed(
  url: string,
  fixture?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SEED_SCRIPT, ...(fixture ? [fixture] : [])], {
      env: { ...process.env, LEDGER_URL: url, LEDGER_API_KEY: tokenFor(url) ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
