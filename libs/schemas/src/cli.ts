/**
 * npm run schemas: regenerates libs/schemas/src/generated/event-schemas.json (the events) and
 * api-answers.json (the API's answers, for the OpenAPI document) from the types.
 *   --check          writes nothing; exits 1 when a file is stale (what the tests run)
 *   --file <path>    another event catalogue file than the committed one
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateSchemaCatalogue, serializeCatalogue } from './generate';
import { generateAnswerSchemas } from './generate-answers';
import type { SchemaCatalogue } from './schema-catalogue';

const root = resolve(__dirname, '../../..');
const args = process.argv.slice(2);
const fileArg = args[args.indexOf('--file') + 1];
const file =
  args.includes('--file') && fileArg !== undefined
    ? resolve(fileArg)
    : resolve(root, 'libs/schemas/src/generated/event-schemas.json');
const read = (path: string): string | undefined =>
  existsSync(path) ? readFileSync(path, 'utf8') : undefined;
const committed = read(file);
const previous = committed === undefined ? undefined : (JSON.parse(committed) as SchemaCatalogue);
const outputs: { file: string; content: unknown; stale: string }[] = [
  {
    file,
    content: generateSchemaCatalogue(root, previous),
    stale:
      'the event types changed. Run npm run schemas (and bump the schema version if a published event changed shape).',
  },
];
if (!args.includes('--file'))
  outputs.push({
    file: resolve(root, 'libs/schemas/src/generated/api-answers.json'),
    content: generateAnswerSchemas(root),
    stale: 'the API answer types changed. Run npm run schemas.',
  });

let stale = false;
for (const output of outputs) {
  const current = read(output.file);
  if (args.includes('--check')) {
    // Compared as JSON, not as text: a formatter (npm run format) may re-indent the file.
    if (
      current === undefined ||
      JSON.stringify(JSON.parse(current)) !== JSON.stringify(output.content)
    ) {
      console.error(`${output.file} is stale: ${output.stale}`);
      stale = true;
    }
  } else {
    writeFileSync(output.file, serializeCatalogue(output.content));
    console.log(`wrote ${output.file}`);
  }
}
if (stale) process.exit(1);
if (args.includes('--check')) console.log('schemas are up to date');
