import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Machine } from './machine';
import { goalMark, markdownTable, type Section } from './report';

export const START =
  '<!-- bench:results:start (written by npm run bench; edit outside these markers) -->';
export const END = '<!-- bench:results:end -->';

export interface RunFacts {
  readonly machine: Machine;
  readonly date: Date;
  readonly command: string;
  readonly minutes: number;
  readonly loadAtEnd: number;
}

function machineTable(facts: RunFacts): string {
  const m = facts.machine;
  const busy = Math.max(m.loadAtStart, facts.loadAtEnd) > m.cores;
  return markdownTable(
    ['', ''],
    [
      ['date', facts.date.toISOString().replace(/\.\d+Z$/, 'Z')],
      ['command', `\`${facts.command}\` (${facts.minutes.toFixed(1)} min)`],
      ['CPU', `${m.cpuModel}, ${m.cores} cores`],
      ['memory', `${m.memoryGiB} GiB`],
      ['Node', m.node],
      [
        'SQLite',
        `${m.sqlite} (better-sqlite3: ledger, raw baseline, read models); ${m.sqliteOfEmmett ?? 'not installed'} (node-sqlite3: emmett-sqlite)`,
      ],
      ['platform', m.platform],
      [
        'load average (1 min) at start / end',
        `${m.loadAtStart.toFixed(1)} / ${facts.loadAtEnd.toFixed(1)}${busy ? ' — **busy machine**: other work competed for the cores, figures are noisy' : ''}`,
      ],
    ],
  );
}

/** The generated part of the report: machine, goals, then each section's method and table. */
export function renderResults(facts: RunFacts, sections: readonly Section[]): string {
  const goals = sections.flatMap((s) => s.goals);
  const parts = [
    START,
    '',
    '## The run',
    '',
    machineTable(facts),
    '',
    'Figures are the median over the runs with the min–max spread in brackets; ratios are of medians.',
    '',
    '## Goals',
    '',
    markdownTable(
      ['goal', 'target', 'measured', ''],
      goals.map((g) => [g.goal, g.target, g.measured, goalMark(g.met)]),
    ),
  ];
  for (const section of sections) {
    parts.push('', `## ${section.title}`, '', section.method);
    if (section.rows.length > 0) parts.push('', markdownTable(section.header, section.rows));
    for (const note of section.notes ?? []) parts.push('', note);
  }
  parts.push('', END);
  return parts.join('\n');
}

const SKELETON = `# Benchmarks

Measured by \`npm run bench\` (see bench/), side by side with what a user could pick instead, on
the same machine in the same run.

${START}
${END}
`;

/** Replaces the generated part of the document, keeping what was written around it by hand. */
export function writeDocument(file: string, results: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : SKELETON;
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const base = start >= 0 && end > start ? current : SKELETON;
  const from = base.indexOf(START);
  const to = base.indexOf(END) + END.length;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${base.slice(0, from)}${results}${base.slice(to)}`);
}
