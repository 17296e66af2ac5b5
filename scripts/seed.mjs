// Enters a scenario (default: fixtures/seed-scenario.json, the founding article) into a running
// ledger over HTTP, one command after the other, printing each answer. Stops with exit code 1 at
// the first command the ledger refuses. Every command carries its Idempotency-Key, so running it
// again appends nothing: the ledger answers each command with its first answer.
//
// Usage: LEDGER_URL=http://127.0.0.1:3000 node scripts/seed.mjs [fixture.json]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ledgerUrl = (process.env.LEDGER_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
const file =
  process.argv[2] ?? fileURLToPath(new URL('../fixtures/seed-scenario.json', import.meta.url));
/** One correlation id for the whole run: every event it appends can be traced back to it. */
const correlationId = process.env.LEDGER_CORRELATION_ID || 'seed-scenario';

function fail(message) {
  console.error(message);
  process.exit(1);
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
  const headers = { 'content-type': 'application/json', 'x-correlation-id': correlationId };
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
      `Cannot reach the ledger at ${ledgerUrl} (${error.cause?.code ?? error.message}). Is it running? (npm start)`,
    );
  }
}

const requests = readFixture(file);
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
