import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDir } from '@ledger/event-store';
import { SigningKeyError } from './errors';

/** The file, beside the data, that holds the embedded store's generated key. */
export const SIGNING_KEY_FILE = 'audit-signing-key.pem';
/** The configuration variable that names the key: the PEM itself, or the path of a PEM file. */
export const SIGNING_KEY_ENV = 'LEDGER_SIGNING_KEY';

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** SPKI PEM: what GET /audit/public-key serves and what an offline verifier needs. */
  readonly publicKeyPem: string;
  readonly keyId: string;
  /** Where the key came from, for the start-up log. */
  readonly source: 'config' | 'file' | 'generated';
}

/** SHA-256 of the public key's SPKI DER encoding, first 16 bytes, as hex: short, stable, public. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest()
    .subarray(0, 16)
    .toString('hex');
}

/** Reads an Ed25519 public key (SPKI PEM); anything else is a SigningKeyError. */
export function publicKeyFromPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new SigningKeyError('The public key is not a readable PEM key', { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(
      `The public key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`,
    );
  }
  return key;
}

/** Builds a SigningKey from a PKCS#8 PEM private key, which must be Ed25519. */
export function signingKeyFromPem(pem: string, source: SigningKey['source']): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new SigningKeyError('The signing key is not a readable PEM private key', {
      cause: error,
    });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(
      `The signing key is ${privateKey.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKey, publicKeyPem, keyId: keyIdOf(publicKey), source };
}

/** The `env` argument of loadOrCreateSigningKey for the configuration's signing key, if any. */
export function configuredSigningKey(
  configured: string | undefined,
): Readonly<Record<string, string>> {
  return configured === undefined ? {} : { [SIGNING_KEY_ENV]: configured };
}

/**
 * The checkpoint signing key. LEDGER_SIGNING_KEY wins when set (a PEM, or the path of one): an
 * EventStoreDB deployment must set it, since its checkpointer has no data directory of its own.
 * Otherwise the key beside the data is read, or generated on first start and written with mode
 * 0600 — exclusively, so two processes starting at once cannot end up with different keys.
 */
export function loadOrCreateSigningKey(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>>,
): SigningKey {
  const configured = env[SIGNING_KEY_ENV]?.trim();
  if (configured) {
    const pem = configured.startsWith('-----BEGIN')
      ? configured
      : readKeyFile(configured, SIGNING_KEY_ENV);
    return signingKeyFromPem(pem, 'config');
  }
  const file = join(dataDir, SIGNING_KEY_FILE);
  const existing = readKeyFileIfPresent(file);
  if (existing !== undefined) return signingKeyFromPem(existing, 'file');
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    makePrivateDir(dataDir);
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs, so the ledger keeps one key.
    if (isCode(error, 'EEXIST')) return signingKeyFromPem(readKeyFile(file, file), 'file');
    throw new SigningKeyError(`Cannot write the signing key to ${file}`, { cause: error });
  }
  return signingKeyFromPem(pem, 'generated');
}

function readKeyFileIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw new SigningKeyError(`Cannot read the signing key at ${file}`, { cause: error });
  }
}

function readKeyFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new SigningKeyError(`${what}: cannot read the signing key file ${file}`, {
      cause: error,
    });
  }
}

/** Duck-typed: errors raised by node:fs are not always `instanceof Error` of the caller's realm (jest). */
function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
