import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/child-run';

// scripts/check-commits.mjs (run by .ci/run before the tests) on scratch repositories: commits
// after the base it is given must have a subject of at most 72 characters and a body.

const CHECK = join(ROOT, 'scripts/check-commits.mjs');
const scratchDirs: string[] = [];
afterAll(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function run(cwd: string, command: string, args: readonly string[]) {
  const res = spawnSync(command, [...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.org',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.org',
    },
  });
  return { status: res.status, out: `${res.stdout}${res.stderr}` };
}

const git = (cwd: string, ...args: string[]): string => {
  const res = run(cwd, 'git', args);
  if (res.status !== 0) throw new Error(`git ${args.join(' ')}: ${res.out}`);
  return res.out.trim();
};

/** A repository whose first commit (badly formed: before the rule) is the base; returns its hash. */
function scratchRepo(): { dir: string; base: string } {
  const dir = mkdtempSync(join(tmpdir(), 'commit-rail-'));
  scratchDirs.push(dir);
  git(dir, 'init', '-q');
  commit(dir, 'an old subject written before the rule, far longer than seventy-two characters');
  return { dir, base: git(dir, 'rev-parse', 'HEAD') };
}

let counter = 0;
function commit(dir: string, ...paragraphs: string[]): void {
  const file = `file-${(counter += 1)}.txt`;
  writeFileSync(join(dir, file), `${counter}\n`);
  git(dir, 'add', file);
  git(dir, 'commit', '-q', ...paragraphs.flatMap((p) => ['-m', p]));
}

const check = (dir: string, base: string) => run(dir, process.execPath, [CHECK, '--base', base]);

describe('the commit-message check (scripts/check-commits.mjs)', () => {
  it('passes well-formed commits after the base, whatever came before it (the control)', () => {
    const { dir, base } = scratchRepo();
    commit(dir, 'docs: a subject of fine length', 'Why: the body says it.');
    commit(dir, 'x'.repeat(72), 'A subject of exactly 72 characters is allowed.');
    const res = check(dir, base);
    expect(res).toMatchObject({ status: 0 });
    expect(res.out).toContain('2 after');
  });

  it('fails on a subject over 72 characters, naming the commit', () => {
    const { dir, base } = scratchRepo();
    commit(dir, 'docs: a subject of fine length', 'Why: the body says it.');
    commit(dir, 'y'.repeat(73), 'The body is there; the subject is one character too long.');
    const bad = git(dir, 'rev-parse', '--short=7', 'HEAD');
    const res = check(dir, base);
    expect(res.status).toBe(1);
    expect(res.out).toContain(`${bad} "${'y'.repeat(73)}": subject has 73 characters`);
    expect(res.out).toContain('1 of 2 after');
  });

  it('fails on a commit without a body, and ignores merge commits', () => {
    const { dir, base } = scratchRepo();
    git(dir, 'checkout', '-q', '-b', 'side');
    commit(dir, 'side: a commit with no body');
    git(dir, 'checkout', '-q', '-');
    commit(dir, 'main: a well-formed commit', 'Why: the body says it.');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge side', 'side');
    const res = check(dir, base);
    expect(res.status).toBe(1);
    expect(res.out).toContain('"side: a commit with no body": no body');
    expect(res.out).not.toContain('Merge side');
    expect(res.out).toContain('1 of 2 after');
  });

  it('skips a shallow clone, saying so, and refuses a base it cannot find', () => {
    const { dir, base } = scratchRepo();
    commit(dir, 'y'.repeat(80));
    const shallow = mkdtempSync(join(tmpdir(), 'commit-rail-shallow-'));
    scratchDirs.push(shallow);
    git(shallow, 'clone', '-q', '--depth', '1', `file://${dir}`, 'clone');
    const skipped = check(join(shallow, 'clone'), base);
    expect(skipped).toMatchObject({ status: 0 });
    expect(skipped.out).toMatch(/skipped, this clone is shallow/);

    const unknown = check(dir, '0'.repeat(40));
    expect(unknown.status).toBe(1);
    expect(unknown.out).toContain('is not in this repository');
  });
});
