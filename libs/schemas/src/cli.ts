/**
 * npm run schemas: regenerates libs/schemas/src/generated/event-schemas.json from the types.
 * With --check it writes nothing and exits 1 when the committed file is stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateSchemaCatalogue, serializeCatalogue } from './generate';
import type { SchemaCatalogue } from './schema-catalogue';

const root = resolve(__dirname, '../../..');
const file = resolve(root, 'libs/schemas/src/generated/event-schemas.json');
const committed = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
const previous = committed === undefined ? undefined : (JSON.parse(committed) as SchemaCatalogue);
const fresh = serializeCatalogue(generateSchemaCatalogue(root, previous));

if (process.argv.includes('--check')) {
  if (fresh !== committed) {
    console.error(`${file} is stale: run npm run schemas`);
    process.exit(1);
  }
  console.log('event schemas are up to date');
} else {
  writeFileSync(file, fresh);
  console.log(`wrote ${file}`);
}
