// The commit-message rail: every non-merge commit after BASE has a subject of at most 72 characters
// and a body (a blank line, then at least one non-blank line) saying why.
// Usage: node scripts/check-commits.mjs [--base <rev>] [--head <rev>]   (in the repository)
// BASE is the commit the rule starts from: the history before it was written before the rule and is
// not rewritten. A shallow clone cannot see that history, so the check is skipped there, saying so.
import { spawnSync } from 'node:child_process';

/** The last commit written before the rule held (`test: consumers compare with the log…`). */
const RULE_BASE = '99e11cd6db507bb2af6637e16dfd4321cb28c7b6';
const MAX_SUBJECT = 72;

function git(args) {
  const res = spawnSync('git', args, { encoding: 'utf8' });
  return { ok: res.status === 0, out: (res.stdout ?? '').trim(), err: (res.stderr ?? '').trim() };
}

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
}

/** What is wrong with one commit's message, if anything. */
function messageProblems(subject, body) {
  const problems = [];
  const length = [...subject].length;
  if (length > MAX_SUBJECT)
    problems.push(`subject has ${length} characters (at most ${MAX_SUBJECT})`);
  if (body.trim() === '') problems.push('no body (say why, after a blank line)');
  return problems;
}

function main() {
  const base = option('--base', RULE_BASE);
  const head = option('--head', 'HEAD');
  if (git(['rev-parse', '--is-shallow-repository']).out === 'true') {
    console.log(`commit messages: skipped, this clone is shallow (the rule starts at ${base}).`);
    return 0;
  }
  if (!git(['cat-file', '-e', `${base}^{commit}`]).ok) {
    console.error(`commit messages: the rule's base ${base} is not in this repository.`);
    return 1;
  }
  if (!git(['merge-base', '--is-ancestor', base, head]).ok) {
    console.error(`commit messages: ${head} does not descend from the rule's base ${base}.`);
    return 1;
  }
  const list = git(['rev-list', '--no-merges', `${base}..${head}`]);
  if (!list.ok) {
    console.error(`commit messages: git rev-list failed: ${list.err}`);
    return 1;
  }
  const commits = list.out === '' ? [] : list.out.split('\n');
  const bad = [];
  for (const sha of commits) {
    const [subject = '', body = ''] = git(['log', '-1', '--format=%s%x00%b', sha]).out.split('\0');
    const problems = messageProblems(subject, body);
    if (problems.length > 0) bad.push(`${sha.slice(0, 7)} "${subject}": ${problems.join('; ')}`);
  }
  if (bad.length > 0) {
    console.error(`commit messages: ${bad.length} of ${commits.length} after ${base.slice(0, 7)}:`);
    for (const line of bad) console.error(`  ${line}`);
    return 1;
  }
  console.log(`commit messages: ${commits.length} after ${base.slice(0, 7)}, all well formed.`);
  return 0;
}

process.exit(main());
