import { isLedgerEventType } from '@ledger/domain';
import type { EventEnvelope } from '@ledger/ledger-client';
import { publishedSchema, SCHEMA_CATALOGUE } from '@ledger/schemas';
import { schemaValidator } from '../../libs/schemas/src/testing/event-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SseLedger, startSseLedger } from './support/sse-ledger';
import { getJson, SseReader } from './support/sse-reader';

let ledger: SseLedger;

/** Posts the seed fixture (the founding article, as `npm run seed` enters it) to the command API. */
async function enterSeedScenario(): Promise<void> {
  const fixture = JSON.parse(
    readFileSync(join(__dirname, '../../fixtures/seed-scenario.json'), 'utf8'),
  ) as { path: string; body: object; idempotencyKey?: string }[];
  expect(fixture.length).toBeGreaterThan(10);
  for (const request of fixture) {
    const response = await fetch(`${ledger.url}${request.path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...ledger.auth,
        ...(request.idempotencyKey ? { 'idempotency-key': request.idempotencyKey } : {}),
      },
      body: JSON.stringify(request.body),
    });
    if (response.status >= 300)
      throw new Error(`${request.path} answered ${response.status}: ${await response.text()}`);
  }
}
beforeAll(async () => {
  ledger = await startSseLedger({ store: 'sqlite', checkpointer: 'inline' });
});
afterAll(() => ledger.close());

describe('GET /schemas and GET /asyncapi.json', () => {
  it('the index lists every event type and version; each link serves that schema as application/schema+json', async () => {
    const index = await getJson(`${ledger.url}/schemas`);
    expect(index.status).toBe(200);
    const entries = index.body.events as { type: string; version: number; href: string }[];
    expect(entries.map((e) => e.type).sort()).toEqual(Object.keys(SCHEMA_CATALOGUE.events).sort());
    for (const entry of entries) {
      const schema = await getJson(`${ledger.url}${entry.href}`);
      expect(schema.status).toBe(200);
      expect(schema.contentType).toContain('application/schema+json');
      // The catalogue's schema, its $id made absolute for the URL it was fetched from.
      expect(schema.body).toEqual(
        publishedSchema(SCHEMA_CATALOGUE.events[entry.type]![String(entry.version)]!, ledger.url),
      );
      expect(schema.body.$id).toBe(`${ledger.url}${entry.href}`);
    }
    expect((await getJson(`${ledger.url}${index.body.envelope}`)).body).toEqual(
      publishedSchema(SCHEMA_CATALOGUE.envelope, ledger.url),
    );
  });

  it.each([
    '/schemas/TransferReportd/1',
    '/schemas/TransferReported/2',
    '/schemas/TransferReported/one',
    '/schemas/__proto__/1',
  ])('%s is a 404 problem', async (path) => {
    const answer = await getJson(`${ledger.url}${path}`);
    expect(answer.status).toBe(404);
    expect(answer.contentType).toContain('application/problem+json');
  });

  it('serves the AsyncAPI document of the SSE channels, naming this server', async () => {
    const answer = await getJson(`${ledger.url}/asyncapi.json`);
    expect(answer.status).toBe(200);
    expect(answer.body.asyncapi).toBe('3.0.0');
    expect(answer.body.servers.ledger.host).toBe(new URL(ledger.url).host);
    expect(Object.keys(answer.body.channels)).toEqual(['all', 'stream', 'category']);
  });
});

it('every event of the seed scenario, entered through the command API and read back over SSE, matches the published schemas', async () => {
  await enterSeedScenario();
  const head = await ledger.store.headPosition();
  const reader = new SseReader(`${ledger.url}/subscriptions/all`, ledger.auth);
  try {
    await reader.until((r) => r.events.at(-1)?.id === head.toString());
    const validator = schemaValidator();
    const envelopeValid = validator.compile((await getJson(`${ledger.url}/schemas/envelope`)).body);
    const others = new Set<string>();
    const dataValidators = new Map<string, ReturnType<typeof validator.compile>>();
    for (const frame of reader.events) {
      const envelope = JSON.parse(frame.data!) as EventEnvelope;
      if (!envelopeValid(envelope))
        throw new Error(`envelope of ${frame.id}: ${validator.errorsText(envelopeValid)}`);
      // The audit's CheckpointSigned events share the log; the published schemas are the ledger's events.
      if (!isLedgerEventType(envelope.type)) {
        others.add(envelope.type);
        continue;
      }
      const version = envelope.metadata.schemaVersion;
      expect(typeof version).toBe('number');
      const href = `/schemas/${envelope.type}/${version as number}`;
      if (!dataValidators.has(href))
        dataValidators.set(href, validator.compile((await getJson(`${ledger.url}${href}`)).body));
      const validate = dataValidators.get(href)!;
      if (!validate(envelope.data))
        throw new Error(`${envelope.type} at ${frame.id}: ${validator.errorsText(validate)}`);
    }
    expect(reader.events.length).toBeGreaterThan(15);
    expect(dataValidators.size).toBeGreaterThan(5);
    expect([...others].filter((type) => type !== 'CheckpointSigned')).toEqual([]);
  } finally {
    reader.close();
  }
});
