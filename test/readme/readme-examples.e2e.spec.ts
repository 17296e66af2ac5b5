import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type ChildRun, ROOT, runCommand } from '../support/child-run';
import { type LedgerProcess, startTestLedger } from '../support/test-ledger';
import {
  NPM_START,
  type Segment,
  type ShellBlock,
  ledgerSettings,
  matchesShown,
  shellBlocks,
} from './readme-blocks';

/**
 * Runs the README's shell examples, in order, as a new user would — `npm run seed`, `curl`,
 * `npm run ledger -- …` — against a fresh ledger (a temporary data dir, a free port on
 * 127.0.0.1), and compares what each prints with the output the README shows.
 *
 * The commands run in a scratch directory laid out like the repository (its folders linked), so
 * that the README's relative paths (`data/admin-key.txt`, `ledger-key.pem`) land there. Its
 * package.json is the project's, with `node dist/….js` run from the TypeScript sources instead
 * (the test does not build), and npm's own banner silenced. The only substitutions in the
 * commands are the ones the README names: the port for 3000, the scratch dir for /tmp.
 */

const README_PORT = '127.0.0.1:3000';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** The scratch directory: the repository's folders linked, the data dir empty. */
function scratch(root: string): string {
  const work = join(root, 'work');
  mkdirSync(work);
  for (const entry of ['apps', 'libs', 'scripts', 'fixtures', 'node_modules', 'tsconfig.json'])
    symlinkSync(join(ROOT, entry), join(work, entry));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  // Run from the sources, so no build step first (npm start/ledger/projector build what changed).
  for (const [name, script] of Object.entries(pkg.scripts))
    pkg.scripts[name] = script
      .replace(/^node scripts\/build\.mjs[^&]*&& /, '')
      .replace(/\bnode dist\/(\S+)\.js\b/g, 'node -r ./scripts/register-ts.cjs $1.ts');
  writeFileSync(join(work, 'package.json'), JSON.stringify(pkg, null, 2));
  return work;
}

/** A clean environment: nothing of the outer npm or ledger settings leaks in. */
function baseEnv(): NodeJS.ProcessEnv {
  return {
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    npm_config_loglevel: 'silent',
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
  };
}

/** The ledger the README's commands talk to, started through the one test-ledger helper. */
class Ledger {
  private running: LedgerProcess | undefined;
  constructor(
    private readonly work: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async start(port: number): Promise<void> {
    // In the scratch tree, with only the README's settings: nothing of the runner's leaks in.
    this.running = await startTestLedger({
      process: true,
      cwd: this.work,
      inheritEnv: false,
      env: { ...this.env, PORT: String(port), HOST: '127.0.0.1' },
      startTimeoutMs: 120_000,
    });
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }
}

interface Shell {
  readonly work: string;
  readonly root: string;
  env: NodeJS.ProcessEnv;
  port: number;
}

/** Runs one README command in bash; its variables carry on to the next (`set -a`, then `env -0`). */
async function runSegment(shell: Shell, segment: Segment): Promise<ChildRun> {
  const script = segment.script
    .split('\n')
    .filter((line) => !NPM_START.test(line))
    .join('\n')
    .replaceAll(README_PORT, `127.0.0.1:${shell.port}`)
    .replaceAll('/tmp/', `${shell.root}/`);
  const state = join(shell.root, 'env.state');
  const wrapped = `set -a\n${script}\n__rc=$?\nenv -0 > '${state}'\nexit $__rc\n`;
  const run = await runCommand('bash', ['-c', wrapped], {
    cwd: shell.work,
    env: shell.env,
    timeoutMs: 180_000,
  });
  try {
    shell.env = Object.fromEntries(
      readFileSync(state, 'utf8')
        .split('\0')
        .filter((kv) => kv.includes('=') && !/^(_|SHLVL|PWD|OLDPWD|__rc)=/.test(kv))
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
  } catch {
    // The command killed its shell before the state was written: keep the previous one.
  }
  return run;
}

/** What the README shows, with the same substitutions as the commands. */
function shown(shell: Shell, text: string): string {
  return text
    .replaceAll(README_PORT, `127.0.0.1:${shell.port}`)
    .replaceAll('/tmp/', `${shell.root}/`);
}

async function runBlock(shell: Shell, block: ShellBlock): Promise<string[]> {
  const problems: string[] = [];
  let blockOut = '';
  for (const segment of block.segments) {
    const run = await runSegment(shell, segment);
    blockOut += run.stdout;
    const where = `README line ${block.line}: ${segment.script.split('\n')[0]}`;
    if (run.code !== 0)
      problems.push(`${where}\nexited ${String(run.code)}\n${run.stdout}\n${run.stderr}`);
    else if (
      segment.expected !== undefined &&
      !matchesShown(shown(shell, segment.expected), run.stdout)
    )
      problems.push(
        `${where}\nshown:\n${segment.expected}\nprinted:\n${run.stdout}\n${run.stderr}`,
      );
  }
  if (block.output !== undefined && !matchesShown(shown(shell, block.output), blockOut))
    problems.push(`README line ${block.line}\nshown:\n${block.output}\nprinted:\n${blockOut}`);
  return problems;
}

describe('the README examples', () => {
  const root = mkdtempSync(join(tmpdir(), 'readme-'));
  let ledger: Ledger | undefined;

  afterAll(async () => {
    await ledger?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('print what the README shows, run in order on a fresh ledger', async () => {
    const blocks = shellBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    const work = scratch(root);
    const port = await freePort();
    // PORT in the commands' environment too, as a user who started the ledger on another port has
    // it: `npm run seed` aims at it (the README says so).
    const shell: Shell = { work, root, env: { ...baseEnv(), PORT: String(port) }, port };
    ledger = new Ledger(work, { ...baseEnv(), ...ledgerSettings(blocks) });
    await ledger.start(shell.port);

    const problems: string[] = [];
    const ran: number[] = [];
    for (const block of blocks) {
      if (block.directive === 'skip') continue;
      if (block.directive === 'stop-ledger') await ledger.stop();
      if (block.directive === 'start-ledger') {
        shell.port = await freePort();
        shell.env = { ...shell.env, PORT: String(shell.port) };
        await ledger.start(shell.port);
      }
      problems.push(...(await runBlock(shell, block)));
      ran.push(block.line);
    }
    expect(problems).toEqual([]);
    // The walk-through is there: the seed, a command by hand, the auditors' tools, the tamper.
    expect(ran.length).toBeGreaterThanOrEqual(12);
  }, 900_000);
});
