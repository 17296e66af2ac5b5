import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { loadConfig } from '@ledger/config';
import { ROOT } from '../support/child-run';
import { DEPLOYED } from '../topology/support/topology';
import {
  type ComposeFile,
  composeProblems,
  environmentOf,
  ledgerServices,
  projectorServices,
  volumeAt,
} from './compose-rules';

/**
 * The compose files and the Dockerfile, checked without a Docker engine (none runs here): parsed
 * as YAML (js-yaml, which resolves the anchors and `<<` merges compose uses) against the rules of
 * compose-rules.ts, each ledger service's environment accepted by the ledger's own configuration,
 * and — when the tool is installed (`apt-get install docker-compose`; .ci/run installs it) —
 * `docker-compose config`, compose's own validation of the file.
 */

const FILES = ['docker-compose.yml', 'docker-compose.cluster.yml'];

function parse(file: string): ComposeFile {
  // Merge keys (`<<: *anchor`) on, as compose reads them.
  return load(readFileSync(join(ROOT, file), 'utf8'), {
    schema: CORE_SCHEMA.withTags(mergeTag),
  }) as ComposeFile;
}

describe.each(FILES)('%s', (file) => {
  it('keeps the deployment rules: healthchecks, pinned tags, the projector signing with a secret', () => {
    expect(composeProblems(parse(file))).toEqual([]);
  });

  it('breaks them when a rule is broken (the check can fail)', () => {
    const doc = parse(file);
    const services = doc.services!;
    const [name, projector] = Object.entries(services).find(([n]) => n === 'projector')!;
    const { healthcheck: _dropped, ...unchecked } = projector;
    const broken: ComposeFile = {
      ...doc,
      services: {
        ...services,
        [name]: { ...unchecked, secrets: [] },
        eventstoredb: { image: 'eventstore/eventstore:latest', healthcheck: { test: ['NONE'] } },
      },
    };
    expect(composeProblems(broken)).toEqual(
      expect.arrayContaining([
        'projector: no healthcheck',
        'projector: the secret ledger_signing_key is not given to the service',
        'eventstoredb: image eventstore/eventstore:latest is not pinned to a release',
      ]),
    );
  });

  it("gives every ledger service an environment the ledger's configuration accepts", () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    try {
      // The secret's file, as compose mounts it: a real Ed25519 key in a temporary file.
      const keyFile = join(dir, 'ledger-signing-key.pem');
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      for (const [, service] of ledgerServices(parse(file))) {
        const env = {
          ...environmentOf(service),
          LEDGER_DATA_DIR: dir,
          LEDGER_SIGNING_KEY: keyFile,
        };
        expect(() => loadConfig(env)).not.toThrow();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docker-compose.cluster.yml', () => {
  it('deploys the layout test/topology runs: N API nodes projecting inline, one projector', () => {
    const file = parse('docker-compose.cluster.yml');
    const projectors = projectorServices(file);
    const projectorNames = projectors.map(([name]) => name);
    const apiNodes = ledgerServices(file).filter(([name]) => !projectorNames.includes(name));
    expect(apiNodes).toHaveLength(DEPLOYED.apiNodes.length);
    expect(projectors).toHaveLength(DEPLOYED.projectors);
    for (const [, service] of apiNodes)
      expect(environmentOf(service)).toMatchObject({
        LEDGER_STORE: 'esdb',
        ...DEPLOYED.apiNodeEnv,
      });
    // Each ledger process has a data dir (volume at /data) of its own: no read models shared.
    const dataVolumes = ledgerServices(file).map(([, service]) => volumeAt(service, '/data'));
    expect(dataVolumes.every((volume) => volume !== undefined)).toBe(true);
    expect(new Set(dataVolumes).size).toBe(dataVolumes.length);
  });
});

const composeTool = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
const haveTool = composeTool.status === 0;
const inCi = process.env.CI === 'true';
(haveTool || inCi ? describe : describe.skip)(
  haveTool || inCi
    ? 'docker-compose config'
    : 'docker-compose config — skipped: no docker-compose (apt-get install docker-compose)',
  () => {
    it.each(FILES)('accepts %s', (file) => {
      const run = spawnSync('docker-compose', ['-f', file, 'config', '--quiet'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    });
  },
);

describe('the Dockerfile', () => {
  // Continuation lines joined: one instruction per line.
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const stages = text.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1) ?? '';

  it('runs on a pinned, slim Node LTS release (20 or 22), as an unprivileged user, with a HEALTHCHECK', () => {
    expect(runtime).toMatch(/^node:(20|22)\.\d+\.\d+-[a-z]+-slim\s/);
    for (const stage of stages) expect(stage).toMatch(/^node:(20|22)\.\d+\.\d+[-\w]*\s/);
    const user = /^USER (\S+)/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime).toMatch(/^HEALTHCHECK .*CMD/m);
    expect(runtime.indexOf('USER ')).toBeLessThan(runtime.indexOf('CMD ["node"'));
  });

  it('keeps the signing key out of the image', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toContain('secrets');
  });
});
