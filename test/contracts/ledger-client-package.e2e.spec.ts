import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { post, startLedger, type TestLedger } from '../api/support/ledger-server';
import { type ChildRun, ROOT, runNode, runCommand } from '../support/child-run';

const PACKAGE_DIR = join(ROOT, 'libs/ledger-client');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

/** A service of someone else's: typed against the installed package, strict, printing what it receives. */
const CONSUMER = `import { subscribe, type LedgerEnvelope } from '@ledger/ledger-client';

const received: string[] = [];
const want = Number(process.env.WANT);
const subscription = subscribe({
  baseUrl: String(process.env.LEDGER_URL),
  headers: { authorization: \`Bearer \${String(process.env.LEDGER_API_KEY)}\` },
  onEvent: (event: LedgerEnvelope) => {
    const detail = event.type === 'SourceRegistered' ? event.data.sourceId : event.type;
    received.push(\`\${event.position} \${detail}\`);
    if (received.length === want) void subscription.close();
  },
});
subscription.done.then(
  () => console.log(JSON.stringify(received)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
`;

function expectOk(run: ChildRun, what: string): void {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
}

const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() };

describe('@ledger/ledger-client as a package another service installs', () => {
  let ledger: TestLedger;
  let dir: string;
  beforeAll(async () => {
    ledger = await startLedger();
    dir = mkdtempSync(join(tmpdir(), 'ledger-client-package-'));
  });
  afterAll(async () => {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds, packs, installs from the tarball into a scratch project, compiles strict against its types and subscribes', async () => {
    // Build and pack a copy, so the test leaves nothing in the working tree.
    const pkg = join(dir, 'pkg');
    mkdirSync(pkg);
    for (const file of ['package.json', 'README.md'])
      copyFileSync(join(PACKAGE_DIR, file), join(pkg, file));
    expectOk(
      await runNode([join(PACKAGE_DIR, 'build.mjs'), '--out-dir', join(pkg, 'dist')], {
        env,
        timeoutMs: 120_000,
      }),
      'build',
    );
    const packed = await runCommand('npm', ['pack', '--ignore-scripts', '--json'], {
      cwd: pkg,
      env,
      timeoutMs: 60_000,
    });
    expectOk(packed, 'npm pack');
    const [{ filename, files }] = JSON.parse(packed.stdout) as [
      { filename: string; files: { path: string }[] },
    ];
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/libs/ledger-client/src/index.js',
        'dist/libs/ledger-client/src/index.d.ts',
      ]),
    );
    // The domain travels as declarations only: nothing of it runs in the consumer.
    expect(paths.filter((p) => p.startsWith('dist/libs/domain/') && p.endsWith('.js'))).toEqual([]);

    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "scratch", "private": true }\n');
    expectOk(
      await runCommand(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund', join(pkg, filename)],
        { cwd: app, env, timeoutMs: 180_000 },
      ),
      'npm install',
    );
    expect(readdirSync(join(app, 'node_modules'))).not.toContain('reflect-metadata');
    writeFileSync(join(app, 'consumer.ts'), CONSUMER);
    expectOk(
      await runNode(
        [
          TSC,
          '--strict',
          '--target',
          'es2022',
          '--module',
          'commonjs',
          '--types',
          'node',
          '--typeRoots',
          join(ROOT, 'node_modules/@types'),
          'consumer.ts',
        ],
        { cwd: app, env, timeoutMs: 120_000 },
      ),
      'tsc --strict consumer.ts',
    );

    for (const [sourceId, affiliation] of [
      ['ua-hq', 'ukraine'],
      ['ru-mod', 'russia'],
    ])
      expect(
        (
          await post(ledger, '/sources', {
            sourceId,
            name: sourceId,
            kind: 'party_authority',
            affiliation,
          })
        ).status,
      ).toBe(201);
    const run = await runNode(['consumer.js'], {
      cwd: app,
      env: { ...env, LEDGER_URL: ledger.url, LEDGER_API_KEY: ledger.tokens.admin, WANT: '2' },
      timeoutMs: 60_000,
    });
    expectOk(run, 'the consumer');
    const events = await ledger.store.readAll({ maxCount: 10 });
    expect(JSON.parse(run.stdout)).toEqual(
      events.map((e) => `${e.position} ${String((e.data as { sourceId: string }).sourceId)}`),
    );
  }, 420_000);
});
