import { join } from 'node:path';
import { runCli } from '../../../apps/ledger-cli/src/cli';
import { type ChildRun, REGISTER_TS, ROOT, runNode } from '../../support/child-run';

export type CliRun = ChildRun;

/** Runs the CLI in this process (what most tests need: its output and exit code), with no TTY. */
export async function ledger(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { isTTY: false, write: (text: string) => (stdout += text) },
    stderr: { isTTY: false, write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    cwd: options.cwd,
  });
  return { code, stdout, stderr };
}

/** Runs the CLI as the real program, a child process (TypeScript through the repo's require hook), killed after 60 s. */
export function ledgerProcess(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  return runNode(['-r', REGISTER_TS, join(ROOT, 'apps/ledger-cli/src/main.ts'), ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    timeoutMs: 60_000,
  });
}
