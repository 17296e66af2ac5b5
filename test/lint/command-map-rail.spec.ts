import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROOT } from '../support/child-run';

// The compile-time rail of "Adding a command" (docs/ARCHITECTURE.md, Recipes): the command maps are
// `satisfies Record<CommandType, …>`, so a command added to the domain's union without its route
// (COMMAND_AGGREGATES) and its endpoint (COMMAND_ENDPOINTS) does not compile. Judged by tsc on a
// scratch copy of apps/ and libs/ with the repository's compiler options: the unchanged copy
// compiles (the control), the copy with one command planted in the union does not.

jest.setTimeout(300_000);

/** What the maps' files import, from the roots tsc starts at (the rest follows by import). */
const ENTRY_POINTS = [
  'libs/domain/src/command-routes.ts',
  'apps/ledger-api/src/commands/commands.module.ts',
];

const PLANTED_COMMAND = `
export type ArchiveSource = DomainCommand<'ArchiveSource', { readonly sourceId: string }>;
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'command-map-rail-'));
  const skip = new Set(['node_modules', 'dist']);
  for (const top of ['apps', 'libs'])
    cpSync(join(ROOT, top), join(dir, top), {
      recursive: true,
      filter: (source) => !skip.has(basename(source)) && !source.endsWith('.spec.ts'),
    });
  copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.base.json'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: './tsconfig.base.json', include: [], files: ENTRY_POINTS }),
  );
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tsc(): { status: number | null; out: string } {
  const res = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.json',
      '--noEmit',
      '--pretty',
      'false',
    ],
    { cwd: dir, encoding: 'utf8', timeout: 240_000 },
  );
  return { status: res.status, out: `${res.stdout}${res.stderr}` };
}

describe('a command in the domain without its route and endpoint does not compile', () => {
  it('compiles the maps as they are (the control)', () => {
    expect(tsc()).toEqual({ status: 0, out: '' });
  });

  it('fails in command-routes.ts and commands.module.ts, naming the missing command', () => {
    const commands = join(dir, 'libs/domain/src/sources/source-commands.ts');
    appendFileSync(commands, PLANTED_COMMAND);
    // The union gains the command: every map keyed by CommandType must now name it.
    const text = readFileSync(commands, 'utf8');
    writeFileSync(
      commands,
      text.replace(
        'export type SourceCommand = RegisterSource;',
        'export type SourceCommand = RegisterSource | ArchiveSource;',
      ),
    );
    const res = tsc();
    expect(res.status).not.toBe(0);
    // One diagnostic per `file(line,col): error TS…` line, with its indented elaboration.
    const errors = res.out.split(/\n(?=\S)/).filter((text) => /error TS\d+/.test(text));
    const missingIn = (file: string) =>
      errors.filter((text) => text.startsWith(file) && text.includes("'ArchiveSource'"));
    expect(missingIn('libs/domain/src/command-routes.ts')).not.toEqual([]);
    expect(missingIn('apps/ledger-api/src/commands/commands.module.ts')).not.toEqual([]);
  });
});
