// Summarizes a V8 .cpuprofile (from node --cpu-prof): the functions with the most self time, or
// with --inclusive the most total time (self plus callees), as a share of all samples.
//   node bench/profile/summarize.mjs reports/bench-profiles/x.cpuprofile [--inclusive] [--top 30]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
if (!file) {
  console.error('usage: node bench/profile/summarize.mjs FILE.cpuprofile [--inclusive] [--top N]');
  process.exit(2);
}
const inclusive = args.includes('--inclusive');
const top = Number(args[args.indexOf('--top') + 1]) || 30;
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
const nameOf = ({ callFrame: f }) =>
  `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(?=[^/]+$)/, '')}:${f.lineNumber + 1}`;
const samples = new Map();
for (const id of profile.samples) samples.set(id, (samples.get(id) ?? 0) + 1);
const time = new Map();
for (const [id, count] of samples) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = inclusive ? parent.get(at) : undefined) {
    const name = nameOf(nodes.get(at));
    if (!seen.has(name)) time.set(name, (time.get(name) ?? 0) + count);
    seen.add(name);
  }
}
const total = profile.samples.length;
const seconds = (profile.endTime - profile.startTime) / 1e6;
console.log(
  `${file}: ${total} samples over ${seconds.toFixed(1)} s (${inclusive ? 'inclusive' : 'self'} time)`,
);
for (const [name, count] of [...time].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${((100 * count) / total).toFixed(1).padStart(5)} %  ${name}`);
}
