import { chmodSync, closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makePrivateDir } from '@ledger/event-store';
import { type ApiKeyRecord, newApiKey, recordProblems } from './api-key';

/** In the data directory: the stored keys (hashes only), and the first admin key's secret. */
export const KEYS_FILE = 'api-keys.json';
export const ADMIN_KEY_FILE = 'admin-key.txt';

/** The keys file or LEDGER_API_KEYS does not describe valid keys; lists every problem. */
export class KeysDocumentError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'KeysDocumentError';
  }
}

/** `{ "keys": [record…] }`, or a bare list of records (handy in LEDGER_API_KEYS). */
export function parseKeysDocument(text: string, where: string): ApiKeyRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new KeysDocumentError([`${where} is not JSON: ${(error as Error).message}`]);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list))
    throw new KeysDocumentError([`${where} must be { "keys": [...] } or a list of keys`]);
  const problems = list.flatMap((entry, i) => recordProblems(entry, `${where} keys[${i}]`));
  const ids = list.map((entry) => (entry as { id?: unknown }).id);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0)
    problems.push(`${where}: key ids must be unique (${[...new Set(repeated)].join(', ')})`);
  if (problems.length > 0) throw new KeysDocumentError(problems);
  return list as ApiKeyRecord[];
}

/** Writes a file readable by its owner only, atomically: a crash leaves the old file or the new one. */
export function writePrivateFile(path: string, text: string): void {
  makePrivateDir(dirname(path));
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The mode given to open applies only to a file it creates; a leftover temp file keeps its own.
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

export function writeKeysFile(path: string, keys: readonly ApiKeyRecord[]): void {
  writePrivateFile(path, `${JSON.stringify({ keys }, null, 2)}\n`);
}

/**
 * First start without keys: one admin key, its secret written once to admin-key.txt (owner-only)
 * and never logged. The secret is written before the keys file, so a crash in between leaves no
 * keys file and the next start simply makes a new admin key.
 */
export function createFirstAdminKey(dataDir: string): { record: ApiKeyRecord; secretFile: string } {
  const { record, token } = newApiKey('admin', ['admin']);
  const secretFile = join(dataDir, ADMIN_KEY_FILE);
  writePrivateFile(secretFile, `${token}\n`);
  writeKeysFile(join(dataDir, KEYS_FILE), [record]);
  return { record, secretFile };
}
