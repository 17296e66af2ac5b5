/**
 * npm run schemas: regenerates libs/schemas/src/generated/event-schemas.json from the types.
 *   --check          writes nothing; exits 1 when the file is stale (what the tests run)
 *   --file <path>    another catalogue file than the committed one
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateSchemaCatalogue, serializeCatalogue } from './generate';
import type { SchemaCatalogue } from './schema-catalogue';

const root = resolve(__dirname, '../../..');
const args = process.argv.slice(2);
const fileArg = args[args.indexOf('--file') + 1];
const file =
  args.includes('--file') && fileArg !== undefined
    ? resolve(fileArg)
    : resolve(root, 'libs/schemas/src/generated/event-schemas.json');
const committed = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
const previous = committed === undefined ? undefined : (JSON.parse(committed) as SchemaCatalogue);
const catalogue = generateSchemaCatalogue(root, previous);

if (args.includes('--check')) {
  // Compared as JSON, not as text: a formatter (npm run format) may re-indent the file.
  if (previous === undefined || JSON.stringify(previous) !== JSON.stringify(catalogue)) {
    console.error(
      `${file} is stale: the event types changed. Run npm run schemas (and bump the schema version if a published event changed shape).`,
    );
    process.exit(1);
  }
  console.log('event schemas are up to date');
} else {
  writeFileSync(file, serializeCatalogue(catalogue));
  console.log(`wrote ${file}`);
}
