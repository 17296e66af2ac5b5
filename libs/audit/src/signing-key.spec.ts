import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SigningKeyError } from './errors';
import { keyIdOf, loadOrCreateSigningKey, publicKeyFromPem, SIGNING_KEY_FILE } from './signing-key';

describe('loadOrCreateSigningKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates an Ed25519 key on first start, beside the data, readable by its owner only', () => {
    const dataDir = join(dir, 'data');
    const first = loadOrCreateSigningKey(dataDir, {});
    expect(first.source).toBe('generated');
    expect(first.privateKey.asymmetricKeyType).toBe('ed25519');
    const file = join(dataDir, SIGNING_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    const second = loadOrCreateSigningKey(dataDir, {});
    expect(second.source).toBe('file');
    expect(second.keyId).toBe(first.keyId);
    expect(second.publicKeyPem).toBe(first.publicKeyPem);
  });

  it('signs with the private key what the public PEM verifies', () => {
    const key = loadOrCreateSigningKey(dir, {});
    const message = Buffer.from('checkpoint');
    const signature = sign(null, message, key.privateKey);
    expect(verify(null, message, publicKeyFromPem(key.publicKeyPem), signature)).toBe(true);
    expect(
      verify(null, Buffer.from('checkpoinT'), publicKeyFromPem(key.publicKeyPem), signature),
    ).toBe(false);
  });

  it('takes LEDGER_SIGNING_KEY as a PEM or as a path, and then writes nothing beside the data', () => {
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const fromPem = loadOrCreateSigningKey(join(dir, 'a'), { LEDGER_SIGNING_KEY: pem });
    const path = join(dir, 'key.pem');
    writeFileSync(path, pem);
    const fromPath = loadOrCreateSigningKey(join(dir, 'b'), { LEDGER_SIGNING_KEY: path });
    expect(fromPem.source).toBe('config');
    expect(fromPath.keyId).toBe(fromPem.keyId);
    expect(() => statSync(join(dir, 'a', SIGNING_KEY_FILE))).toThrow();
  });

  it('derives the key id from the SPKI DER: 16 bytes of SHA-256, as hex', () => {
    const key = loadOrCreateSigningKey(dir, {});
    expect(key.keyId).toMatch(/^[0-9a-f]{32}$/);
    expect(keyIdOf(key.publicKey)).toBe(key.keyId);
    expect(loadOrCreateSigningKey(join(dir, 'other'), {}).keyId).not.toBe(key.keyId);
  });

  it('refuses a key that is not Ed25519, not PEM, or a path that does not exist, with a typed error', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => loadOrCreateSigningKey(dir, { LEDGER_SIGNING_KEY: rsa })).toThrow(
      /rsa, not Ed25519/,
    );
    expect(() =>
      loadOrCreateSigningKey(dir, { LEDGER_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nxx' }),
    ).toThrow(SigningKeyError);
    expect(() =>
      loadOrCreateSigningKey(dir, { LEDGER_SIGNING_KEY: join(dir, 'missing.pem') }),
    ).toThrow(SigningKeyError);
    writeFileSync(join(dir, SIGNING_KEY_FILE), 'garbage');
    expect(() => loadOrCreateSigningKey(dir, {})).toThrow(SigningKeyError);
    expect(() => publicKeyFromPem('nope')).toThrow(SigningKeyError);
  });
});
