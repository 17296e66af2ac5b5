/**
 * Creates an API key: npm run api-key -- --name desk-editor --roles recorder,analyst
 * Writes the key's hash to the keys file (LEDGER_API_KEYS when it names a file, else
 * <LEDGER_DATA_DIR>/api-keys.json) and prints the token once on stdout.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@ledger/config';
import { InvalidApiKeyError, newApiKey } from './api-key';
import { createApiKey } from './create-api-key';
import { KEYS_FILE, KeysDocumentError } from './key-file';
import { isRole, ROLES, type Role } from './roles';

const USAGE = `usage: npm run api-key -- --name <name> --roles <${ROLES.join('|')}>[,…]`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function rolesFrom(text: string): Role[] {
  const roles = text.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length > 0) fail(`Unknown roles: ${unknown.join(', ')}. Roles: ${ROLES.join(', ')}`);
  return roles as Role[];
}

function main(): void {
  const { values } = parseArgs({
    options: { name: { type: 'string' }, roles: { type: 'string' } },
  });
  if (values.name === undefined || values.roles === undefined) fail(USAGE);
  const roles = rolesFrom(values.roles);
  const config = loadConfig();
  const configured = config.auth.apiKeys;
  if (configured?.startsWith('[') || configured?.startsWith('{')) {
    // The keys live in the environment: the ledger cannot write there, the operator adds the record.
    const { record, token } = newApiKey(values.name, roles);
    console.error(
      'LEDGER_API_KEYS holds the keys as JSON: add this record to it, then restart the ledger:',
    );
    console.error(JSON.stringify(record));
    console.log(token);
    return;
  }
  const file = configured ? resolve(configured) : join(config.dataDir, KEYS_FILE);
  const { record, token } = createApiKey(file, values.name, roles);
  console.error(
    `Created key ${record.id} "${record.name}" (${record.roles.join(', ')}) in ${file}.`,
  );
  console.error(
    'The token follows; it is shown this once. Send it as "Authorization: Bearer <token>".',
  );
  console.log(token);
}

try {
  main();
} catch (error) {
  if (
    error instanceof InvalidApiKeyError ||
    error instanceof KeysDocumentError ||
    error instanceof ConfigError
  )
    fail(error.message);
  throw error;
}
