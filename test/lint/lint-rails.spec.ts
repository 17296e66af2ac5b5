import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../support/child-run';

// The rails `npm run lint` promises, judged by the tools themselves (eslint, dependency-cruiser,
// prettier) on a scratch copy of the repository's configuration: a clean tree passes, so each
// failure below is the planted file's doing and not the scratch setup's.

const CONFIGS = [
  'eslint.config.mjs',
  '.dependency-cruiser.cjs',
  'tsconfig.json',
  '.prettierrc.json',
  '.prettierignore',
];

/** A small tree every rule allows: the domain pure, projections on domain and event-store. */
const CLEAN: Record<string, string> = {
  'libs/domain/src/index.ts': 'export const next = (n: number): number => n + 1;\n',
  'libs/event-store/src/index.ts': 'export interface EventStore {\n  readonly name: string;\n}\n',
  'libs/projections/src/index.ts': [
    "import { next } from '@ledger/domain';",
    "import { type EventStore } from '@ledger/event-store';",
    '',
    'export const label = (store: EventStore): string => `${store.name}${next(1)}`;',
    '',
  ].join('\n'),
  // The API may use the framework: the rules below are about who imports it, not that it exists.
  'apps/ledger-api/src/main.ts':
    "import { Injectable } from '@nestjs/common';\n\nexport const decorator = Injectable;\n",
  'test/placeholder.ts': 'export const nothing = 0;\n',
  'bench/placeholder.ts': 'export const nothing = 0;\n',
};

const IMPURE_DOMAIN = [
  "import { readFileSync } from 'node:fs';",
  "import { Injectable } from '@nestjs/common';",
  "import { type EventStore } from '@ledger/event-store';",
  '',
  'export const impure = [readFileSync, Injectable] as const;',
  'export type Store = EventStore;',
  '',
].join('\n');

// Three tools start per case on a loaded CI machine; each is bounded by spawnSync's timeout.
jest.setTimeout(300_000);

const scratchDirs: string[] = [];
afterAll(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(planted: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'lint-rails-'));
  scratchDirs.push(dir);
  for (const file of CONFIGS) copyFileSync(join(ROOT, file), join(dir, file));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [path, text] of Object.entries({ ...CLEAN, ...planted })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(cwd: string, command: string, args: readonly string[]): Run {
  const res = spawnSync(command, [...args], {
    cwd,
    encoding: 'utf8',
    timeout: 150_000,
    env: { ...process.env, PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}` },
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

const node = (cwd: string, bin: string, args: readonly string[]): Run =>
  run(cwd, process.execPath, [join(ROOT, 'node_modules', bin), ...args]);

function eslintErrors(cwd: string, file: string): { ruleId: string; message: string }[] {
  const res = node(cwd, 'eslint/bin/eslint.js', ['--format', 'json', file]);
  expect(res.status).toBe(1);
  const [report] = JSON.parse(res.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return report!.messages;
}

function depcruiseViolations(cwd: string): string[] {
  const res = node(cwd, 'dependency-cruiser/bin/dependency-cruise.mjs', [
    '--config',
    '.dependency-cruiser.cjs',
    '--output-type',
    'json',
    'apps',
    'libs',
    'test',
    'bench',
  ]);
  const result = JSON.parse(res.stdout) as {
    summary: { violations: { from: string; to: string; rule: { name: string } }[] };
  };
  const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
  // (with a JSON report depcruise exits 0 whatever it found: the lint script's text run exits 1)
  expect(res.stderr).toBe('');
  return violations;
}

const lintScript = (): string =>
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { lint: string } })
    .scripts.lint;

describe('npm run lint guards the module boundaries and the formatting', () => {
  it('passes on a clean tree (the control for every failure below)', () => {
    const res = run(scratch(), 'sh', ['-c', lintScript()]);
    expect({ status: res.status, out: res.stdout + res.stderr }).toMatchObject({ status: 0 });
  });

  it('fails when a domain file imports node:fs, @nestjs/common or @ledger/event-store', () => {
    const dir = scratch({ 'libs/domain/src/planted.ts': IMPURE_DOMAIN });
    const messages = eslintErrors(dir, 'libs/domain/src/planted.ts');
    expect(messages.map((m) => m.ruleId)).toEqual(Array(3).fill('no-restricted-imports'));
    expect(messages.map((m) => m.message).join('\n')).toMatch(
      /'node:fs'[\s\S]*'@nestjs\/common'[\s\S]*'@ledger\/event-store'/,
    );

    const violations = depcruiseViolations(dir);
    expect(violations).toEqual(
      expect.arrayContaining([
        'domain-is-pure: libs/domain/src/planted.ts → fs',
        'domain-is-pure: libs/domain/src/planted.ts → libs/event-store/src/index.ts',
        expect.stringMatching(
          /^domain-is-pure: libs\/domain\/src\/planted\.ts → .*node_modules\/@nestjs\/common\//,
        ),
      ]),
    );
    expect(violations).toHaveLength(3);
    expect(run(dir, 'sh', ['-c', lintScript()]).status).not.toBe(0);
  });

  it('fails when libs/projections imports the framework', () => {
    const dir = scratch({
      'libs/projections/src/planted.ts':
        "import { Injectable } from '@nestjs/common';\n\nexport const decorator = Injectable;\n",
    });
    expect(depcruiseViolations(dir)).toEqual([
      expect.stringMatching(
        /^projections-below-the-apps: libs\/projections\/src\/planted\.ts → .*@nestjs\/common\//,
      ),
    ]);
  });

  it('fails when a file outside the esdb adapter imports the EventStoreDB client', () => {
    const dir = scratch({
      'libs/projections/src/planted.ts':
        "import { jsonEvent } from '@eventstore/db-client';\n\nexport const make = jsonEvent;\n",
    });
    expect(eslintErrors(dir, 'libs/projections/src/planted.ts').map((m) => m.ruleId)).toEqual([
      'no-restricted-imports',
    ]);
    expect(depcruiseViolations(dir)).toEqual([
      expect.stringMatching(
        /^only-esdb-imports-the-esdb-client: libs\/projections\/src\/planted\.ts → /,
      ),
    ]);
  });

  it('reports every dependency-cruiser rule, each on the one file planted for it', () => {
    // One scratch tree, one depcruise run: a file per rule in .dependency-cruiser.cjs breaking it
    // and no other rule, plus the CLI's lazy import() of the API, which its rule allows.
    const imports = (line: string, use = 'planted'): string =>
      `${line}\n\nexport const planted = ${use};\n`;
    const plants: Record<string, [string, string]> = {
      'domain-is-pure': [
        'libs/domain/src/planted.ts',
        imports("import { readFileSync } from 'node:fs';", 'readFileSync'),
      ],
      'domain-code-without-test-libraries': [
        'libs/domain/src/planted-fc.ts',
        imports("import fc from 'fast-check';", 'fc'),
      ],
      'only-esdb-imports-the-esdb-client': [
        'bench/planted.ts',
        imports("import { jsonEvent } from '@eventstore/db-client';", 'jsonEvent'),
      ],
      'ledger-client-no-domain-code': [
        'libs/ledger-client/src/planted.ts',
        imports("import { next } from '@ledger/domain';", 'next'),
      ],
      'ledger-client-on-domain-types': [
        'libs/ledger-client/src/planted-store.ts',
        "import { type EventStore } from '@ledger/event-store';\n\nexport type Planted = EventStore;\n",
      ],
      'event-store-stands-alone': [
        'libs/event-store/src/planted.ts',
        imports("import { next } from '@ledger/domain';", 'next'),
      ],
      'config-stands-alone': [
        'libs/config/src/planted.ts',
        imports("import { Injectable } from '@nestjs/common';", 'Injectable'),
      ],
      'projections-below-the-apps': [
        'libs/projections/src/planted.ts',
        imports("import { Injectable } from '@nestjs/common';", 'Injectable'),
      ],
      'schemas-from-domain-and-client': [
        'libs/schemas/src/planted.ts',
        "import { type EventStore } from '@ledger/event-store';\n\nexport type Planted = EventStore;\n",
      ],
      'audit-on-the-event-store': [
        'libs/audit/src/planted.ts',
        imports("import { next } from '@ledger/domain';", 'next'),
      ],
      'api-imports-no-other-app': [
        'apps/ledger-api/src/planted.ts',
        imports("import { nothing } from '../../projector/src/main';", 'nothing'),
      ],
      'projector-imports-no-other-app': [
        'apps/projector/src/planted.ts',
        imports("import { decorator } from '../../ledger-api/src/main';", 'decorator'),
      ],
      'cli-loads-the-api-lazily': [
        'apps/ledger-cli/src/planted.ts',
        imports("import { decorator } from '../../ledger-api/src/main';", 'decorator'),
      ],
      'dashboard-only-http': [
        'apps/dashboard/web/src/planted.ts',
        imports("import { next } from '../../../../libs/domain/src/index';", 'next'),
      ],
    };
    const config = createRequire(__filename)(join(ROOT, '.dependency-cruiser.cjs')) as {
      forbidden: { name: string }[];
    };
    expect(Object.keys(plants).sort()).toEqual(config.forbidden.map((rule) => rule.name).sort());

    const dir = scratch({
      ...Object.fromEntries(Object.values(plants)),
      'apps/projector/src/main.ts': 'export const nothing = 0;\n',
      'apps/ledger-cli/src/lazy.ts':
        "export const api = async (): Promise<unknown> => import('../../ledger-api/src/main');\n",
    });
    const reported = depcruiseViolations(dir).map((v) => {
      const [rule, from] = v.split(/: | → /);
      return `${rule} ${from}`;
    });
    expect(reported.sort()).toEqual(
      Object.entries(plants)
        .map(([rule, [file]]) => `${rule} ${file}`)
        .sort(),
    );
  });

  it('fails on code prettier would rewrite', () => {
    const dir = scratch({ 'libs/domain/src/ugly.ts': 'export const  ugly = {a:1}\n' });
    const res = node(dir, 'prettier/bin/prettier.cjs', ['--check', '.']);
    expect(res.status).toBe(1);
    expect(res.stdout + res.stderr).toContain('libs/domain/src/ugly.ts');
    expect(run(dir, 'sh', ['-c', lintScript()]).status).not.toBe(0);
  });
});
