import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runNode } from '../support/child-run';

jest.setTimeout(120_000);

// scripts/build.mjs run for real (tsc and tsc-alias) on a scratch tree of two files, so that a
// build takes seconds: what `npm start` does on a tree that is already built, or has changed.
describe('scripts/build.mjs builds only what changed', () => {
  let tree: string;
  const build = (...flags: string[]) =>
    runNode([join(ROOT, 'scripts/build.mjs'), '--no-dashboard', ...flags], {
      cwd: tree,
      env: { PATH: process.env.PATH ?? '' },
      timeoutMs: 120_000,
    });
  const output = () => join(tree, 'dist/apps/api/src/main.js');
  const source = (text: string) => writeFileSync(join(tree, 'apps/api/src/main.ts'), text);

  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'ledger-build-'));
    mkdirSync(join(tree, 'apps/api/src'), { recursive: true });
    mkdirSync(join(tree, 'libs/util/src'), { recursive: true });
    const compilerOptions = { target: 'ES2022', module: 'commonjs', types: [], strict: true };
    writeFileSync(
      join(tree, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { ...compilerOptions, outDir: 'dist', rootDir: '.' } }),
    );
    writeFileSync(
      join(tree, 'tsconfig.build.json'),
      JSON.stringify({ extends: './tsconfig.json', include: ['apps/**/*.ts', 'libs/**/*.ts'] }),
    );
    writeFileSync(
      join(tree, 'libs/util/src/index.ts'),
      'export const twice = (n: number) => 2 * n;\n',
    );
    source("import { twice } from '../../../libs/util/src';\nexport const answer = twice(21);\n");
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it('is what npm start, npm run ledger and npm run projector run before the built program', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toBe('node scripts/build.mjs && node dist/apps/ledger-api/src/main.js');
    expect(scripts.ledger).toMatch(/^node scripts\/build\.mjs --no-dashboard && node dist\//);
    expect(scripts.projector).toMatch(/^node scripts\/build\.mjs --no-dashboard && node dist\//);
  });

  it('compiles a tree never built', async () => {
    const run = await build();
    expect(run).toMatchObject({ code: 0, stderr: expect.stringContaining('rebuilt server') });
    expect(readFileSync(output(), 'utf8')).toContain('twice)(21)');
  });

  it('leaves a built tree alone when no source changed', async () => {
    const before = statSync(output()).mtimeMs;
    const run = await build();
    expect(run).toMatchObject({ code: 0, stderr: 'build: dist is up to date\n' });
    expect(statSync(output()).mtimeMs).toBe(before);
  });

  it('ignores a changed spec, rebuilds for a changed source', async () => {
    writeFileSync(join(tree, 'apps/api/src/main.spec.ts'), 'export {};\n');
    expect((await build()).stderr).toBe('build: dist is up to date\n');
    source("import { twice } from '../../../libs/util/src';\nexport const answer = twice(22);\n");
    expect((await build()).stderr).toContain('rebuilt server');
    expect(readFileSync(output(), 'utf8')).toContain('twice)(22)');
  });

  it('keeps no stamp after a failed build, so the next start builds again', async () => {
    source('export const answer: number = "not a number";\n');
    expect((await build()).code).not.toBe(0);
    source('export const answer: number = 43;\n');
    const run = await build();
    expect(run).toMatchObject({ code: 0, stderr: expect.stringContaining('rebuilt server') });
    expect(readFileSync(output(), 'utf8')).toContain('43');
  });

  it('rebuilds everything when forced', async () => {
    expect((await build('--force')).stderr).toContain('rebuilt server');
  });
});
