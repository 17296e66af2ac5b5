import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config';
import { problemsOf } from './testing/problems-of';

describe('the audit settings', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the checkpointer in the API on SQLite, in the projector on EventStoreDB, on demand only in memory', () => {
    expect(loadConfig({ LEDGER_STORE: 'sqlite' }).audit.checkpointer).toBe('inline');
    expect(
      loadConfig({ LEDGER_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: 'esdb://h:2113' }).audit
        .checkpointer,
    ).toBe('external');
    expect(loadConfig({ LEDGER_STORE: 'memory' }).audit.checkpointer).toBe('off');
    expect(
      loadConfig({ LEDGER_STORE: 'memory', LEDGER_CHECKPOINTER: 'inline' }).audit.checkpointer,
    ).toBe('inline');
  });

  it('reads the schedule', () => {
    const { audit } = loadConfig({
      LEDGER_CHECKPOINT_EVERY: '50',
      LEDGER_CHECKPOINT_INTERVAL_MS: '2000',
    });
    expect(audit).toMatchObject({ checkpointEveryEvents: 50, checkpointEveryMs: 2000 });
  });

  it('takes the signing key as a PEM or as the path of one, and refuses what cannot sign', () => {
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const file = join(dir, 'key.pem');
    writeFileSync(file, pem);
    expect(loadConfig({ LEDGER_SIGNING_KEY: pem }).audit.signingKey).toBe(pem.trim());
    expect(loadConfig({ LEDGER_SIGNING_KEY: file }).audit.signingKey).toBe(file);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(problemsOf({ LEDGER_SIGNING_KEY: rsa })).toEqual([
      'LEDGER_SIGNING_KEY is a rsa key; checkpoints are signed with Ed25519',
    ]);
    expect(problemsOf({ LEDGER_SIGNING_KEY: join(dir, 'absent.pem') })[0]).toMatch(
      /names no readable key file .*ENOENT/,
    );
    expect(
      problemsOf({
        LEDGER_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----',
      })[0],
    ).toMatch(/not a readable PEM private key/);
  });

  it('names every bad audit setting at once', () => {
    expect(
      problemsOf({
        LEDGER_CHECKPOINTER: 'sometimes',
        LEDGER_CHECKPOINT_EVERY: '0',
        LEDGER_CHECKPOINT_INTERVAL_MS: 'soon',
      }),
    ).toEqual([
      'LEDGER_CHECKPOINTER="sometimes" is not one of inline, external, off',
      'LEDGER_CHECKPOINT_EVERY="0" is not a whole number from 1 to 1000000000',
      'LEDGER_CHECKPOINT_INTERVAL_MS="soon" is not a whole number from 100 to 86400000',
    ]);
  });

  it('takes witnesses outside the data dir only, and http(s) URLs', () => {
    const dataDir = join(dir, 'data');
    const outside = join(dir, 'witness.jsonl');
    expect(
      loadConfig({
        LEDGER_DATA_DIR: dataDir,
        LEDGER_AUDIT_WITNESS_FILE: outside,
        LEDGER_AUDIT_WITNESS_URL: 'https://witness.example/checkpoints',
      }).audit,
    ).toMatchObject({ witnessFile: outside, witnessUrl: 'https://witness.example/checkpoints' });
    expect(
      problemsOf({ LEDGER_DATA_DIR: dataDir, LEDGER_AUDIT_WITNESS_FILE: join(dataDir, 'w.jsonl') }),
    ).toEqual([expect.stringContaining('is inside the data dir')]);
    expect(problemsOf({ LEDGER_AUDIT_WITNESS_URL: 'file:///etc/passwd' })).toEqual([
      expect.stringContaining('is not an http(s) URL'),
    ]);
  });
});
