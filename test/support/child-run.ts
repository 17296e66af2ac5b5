import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The repository root, and the require hook that lets a child process run TypeScript sources. */
export const ROOT = join(__dirname, '../..');
export const REGISTER_TS = join(ROOT, 'scripts/register-ts.cjs');

/** What a finished child process left: its exit code and everything it wrote. */
export interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node <args>` as a real child process and collects its output; SIGKILLed after
 * `timeoutMs`. Asynchronous, so a server the child talks to can run in the test's own process.
 */
export function runNode(
  args: readonly string[],
  options: { readonly env: NodeJS.ProcessEnv; readonly cwd?: string; readonly timeoutMs: number },
): Promise<ChildRun> {
  return runProcess(process.execPath, args, options);
}

/** Runs any program (npm, a tool's bin) as runNode runs node: output collected, killed after `timeoutMs`. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { readonly env: NodeJS.ProcessEnv; readonly cwd?: string; readonly timeoutMs: number },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
