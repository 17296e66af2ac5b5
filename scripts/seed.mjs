// Enters a scenario (default: fixtures/seed-scenario.json, the founding article) into a running
// ledger over HTTP, one command after the other, printing each answer. Stops with exit code 1 at
// the first command the ledger refuses. Every command carries its Idempotency-Key, so running it
// again appends nothing: the ledger answers each command with its first answer.
//
// Usage: LEDGER_URL=http://127.0.0.1:3000 node scripts/seed.mjs [fixture.json]
// Without LEDGER_URL it aims at the ledger on this machine at PORT (as the ledger reads it), else 3000.
// The API key (a recorder's or admin's): LEDGER_API_KEY, else the admin key the ledger created on
// its first start, <LEDGER_DATA_DIR or ./data>/admin-key.txt.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ledgerUrl = (
  process.env.LEDGER_URL || `http://127.0.0.1:${process.env.PORT || '3000'}`
).replace(/\/+$/, '');
const file =
  process.argv[2] ?? fileURLToPath(new URL('../fixtures/seed-scenario.json', import.meta.url));
/** One correlation id for the whole run: every event it appends can be traced back to it. */
const correlationId = process.env.LEDGER_CORRELATION_ID || 'seed-scenario';

function fail(message) {
  console.error(message);
  process.exit(1);
}

function apiKey() {
  if (process.env.LEDGER_API_KEY) return process.env.LEDGER_API_KEY.trim();
  const file = join(resolve(process.env.LEDGER_DATA_DIR || './data'), 'admin-key.txt');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  return fail(
    `No API key: set LEDGER_API_KEY, or start the ledger once so that it creates ${file}.`,
  );
}

function readFixture(path) {
  let requests;
  try {
    requests = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    fail(`Cannot read the fixture ${path}: ${error.message}`);
  }
  const valid = (r) =>
    r &&
    r.method === 'POST' &&
    typeof r.path === 'string' &&
    r.path.startsWith('/') &&
    typeof r.body === 'object';
  if (!Array.isArray(requests) || !requests.every(valid))
    fail(`${path} must be a JSON list of { method: "POST", path, body, idempotencyKey? }`);
  return requests;
}

async function send(request) {
  const headers = {
    'content-type': 'application/json',
    'x-correlation-id': correlationId,
    authorization: `Bearer ${token}`,
  };
  if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
  try {
    const response = await fetch(`${ledgerUrl}${request.path}`, {
      method: request.method,
      headers,
      body: JSON.stringify(request.body),
    });
    return { response, text: await response.text() };
  } catch (error) {
    return fail(
      `Cannot reach the ledger at ${ledgerUrl} (${error.cause?.code ?? error.message}). Is it running? (npm start; LEDGER_URL=http://host:port to aim elsewhere)`,
    );
  }
}

const requests = readFixture(file);
const token = apiKey();
let appended = 0;
let replayed = 0;
for (const [index, request] of requests.entries()) {
  const { response, text } = await send(request);
  const step = `${String(index + 1).padStart(2)}/${requests.length} ${request.method} ${request.path}`;
  if (!response.ok)
    fail(`${step} -> ${response.status}\n${text}\nStopped: the ledger refused this command.`);
  const answer = JSON.parse(text);
  const again = response.headers.get('idempotent-replayed') === 'true';
  if (again) replayed += 1;
  else appended += answer.events.length;
  const types = answer.events.map((e) => e.type).join(', ');
  console.log(
    `${step} -> ${response.status} ${types} (stream revision ${answer.streamRevision}, position ${answer.position})${again ? ' [already entered]' : ''}`,
  );
}
console.log(
  `Done: ${requests.length} commands; ${appended} events appended; ${replayed} commands were already entered.`,
);
