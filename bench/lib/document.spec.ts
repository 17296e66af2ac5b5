import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { END, renderResults, START, writeDocument } from './document';
import { type Machine } from './machine';
import { type Section } from './report';

const machine: Machine = {
  cpuModel: 'Test CPU',
  cores: 2,
  memoryGiB: 24,
  node: 'v20.20.2',
  sqlite: '3.53.2',
  sqliteOfEmmett: undefined,
  platform: 'linux x64',
  loadAtStart: 7.5,
};
const section: Section = {
  title: 'Durable appends',
  method: 'How it was measured.',
  header: ['writers', 'appends/s'],
  rows: [['50', '2,400 (2,300–2,500)']],
  goals: [
    { goal: 'appends vs raw', target: '≥ 0.9×', measured: '12.00×', met: true },
    { goal: 'appends vs emmett', target: '≥ 2×', measured: 'not run', met: undefined },
  ],
};

describe('the benchmark report', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bench-doc-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('renders the machine, the goals and each table, and flags a busy machine', () => {
    const text = renderResults(
      {
        machine,
        date: new Date('2026-11-26T19:00:00Z'),
        command: 'npm run bench',
        minutes: 21.5,
        loadAtEnd: 1,
      },
      [section],
    );
    expect(text).toContain('| CPU | Test CPU, 2 cores |');
    expect(text).toContain('**busy machine**');
    expect(text).toContain('| appends vs raw | ≥ 0.9× | 12.00× | met |');
    expect(text).toContain('| appends vs emmett | ≥ 2× | not run | — |');
    expect(text).toContain('| 50 | 2,400 (2,300–2,500) |');
    expect(text.startsWith(START) && text.endsWith(END)).toBe(true);
  });

  it('replaces only the generated part, keeping the analysis written around it', () => {
    const file = join(dir, 'BENCHMARKS.md');
    writeFileSync(
      file,
      `# Benchmarks\n\nIntro by hand.\n\n${START}\nold figures\n${END}\n\n## Profiles\n\nWhat the profile showed.\n`,
    );
    writeDocument(file, `${START}\nnew figures\n${END}`);
    expect(readFileSync(file, 'utf8')).toBe(
      `# Benchmarks\n\nIntro by hand.\n\n${START}\nnew figures\n${END}\n\n## Profiles\n\nWhat the profile showed.\n`,
    );
  });

  it('starts a new document when there is none', () => {
    const file = join(dir, 'docs', 'BENCHMARKS.md');
    writeDocument(file, `${START}\nfigures\n${END}`);
    expect(readFileSync(file, 'utf8')).toMatch(/^# Benchmarks[\s\S]*figures/);
  });
});
