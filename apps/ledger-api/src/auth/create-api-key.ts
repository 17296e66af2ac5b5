import { existsSync, readFileSync } from 'node:fs';
import { type ApiKeyRecord, newApiKey } from './api-key';
import { parseKeysDocument, writeKeysFile } from './key-file';
import type { Role } from './roles';

/**
 * Adds a key to a keys file (created when absent) and returns its token, which exists nowhere
 * else: hand it over now, it cannot be shown again. A running ledger picks the key up within a
 * second. For the auditors' CLI to wire in as a command.
 */
export function createApiKey(
  keysFile: string,
  name: string,
  roles: readonly Role[],
): { record: ApiKeyRecord; token: string } {
  const existing = existsSync(keysFile)
    ? parseKeysDocument(readFileSync(keysFile, 'utf8'), keysFile)
    : [];
  const created = newApiKey(name, roles);
  writeKeysFile(keysFile, [...existing, created.record]);
  return created;
}
