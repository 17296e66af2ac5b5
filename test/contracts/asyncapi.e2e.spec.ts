import { Parser } from '@asyncapi/parser';
import { LEDGER_EVENT_TYPES } from '@ledger/domain';
import { post, type QueryLedger, startQueryLedger } from '../projections/support/query-ledger';

/** What @asyncapi/parser (the AsyncAPI Initiative's own parser) reports as errors, as text. */
async function parseErrors(document: string): Promise<string[]> {
  const { diagnostics } = await new Parser().parse(document);
  return (
    diagnostics
      // 0 is DiagnosticSeverity.Error (Spectral's enum, which the parser re-exports as another type).
      .filter((d) => Number(d.severity) === 0)
      .map((d) => `${d.path.join('.')}: ${d.message}`)
  );
}

const fetchText = async (url: string): Promise<string> => (await fetch(url)).text();

describe('the AsyncAPI document and the JSON Schemas it refers to, as a client receives them', () => {
  describe('with no public base URL configured', () => {
    let ledger: QueryLedger;
    beforeAll(async () => (ledger = await startQueryLedger()));
    afterAll(() => ledger.close());

    it('parses with @asyncapi/parser with no error: every $ref resolves, over HTTP, to this ledger', async () => {
      const text = await fetchText(`${ledger.url}/asyncapi.json`);
      expect(await parseErrors(text)).toEqual([]);
      const { document } = await new Parser().parse(text);
      expect(document?.messages().all().length).toBe(LEDGER_EVENT_TYPES.length + 3);
      const server = document?.servers().all()[0];
      expect(server?.host()).toBe(new URL(ledger.url).host);
      expect(
        document
          ?.securitySchemes()
          .all()
          .map((s) => [s.type(), s.scheme()]),
      ).toEqual([['http', 'bearer']]);
    }, 60_000);

    it('names the served schemas by the URL they were fetched from, and problem types relatively', async () => {
      const envelope = JSON.parse(await fetchText(`${ledger.url}/schemas/envelope`)) as {
        $id: string;
      };
      expect(envelope.$id).toBe(`${ledger.url}/schemas/envelope`);
      const refused = await post(ledger, '/agreements', { agreementId: 'x' });
      expect(refused.body).toMatchObject({ status: 400 });
      const domain = await post(ledger, '/sources', {
        sourceId: 'a',
        name: 'A',
        kind: 'government',
        statedAt: '2999-01-01T00:00:00Z',
      });
      expect(domain.body.type).toMatch(/^\/problems\/[a-z_]+$/);
    });
  });

  describe('with LEDGER_PUBLIC_BASE_URL', () => {
    const BASE = 'https://ledger.test.invalid/api';
    let ledger: QueryLedger;
    beforeAll(
      async () => (ledger = await startQueryLedger({ env: { LEDGER_PUBLIC_BASE_URL: BASE } })),
    );
    afterAll(() => ledger.close());

    it('refers to the schemas, names the server and the problem types under the configured URL', async () => {
      const document = JSON.parse(await fetchText(`${ledger.url}/asyncapi.json`)) as {
        servers: { ledger: { host: string; pathname: string } };
        components: { schemas: { Envelope: { $ref: string } } };
      };
      expect(document.servers.ledger).toMatchObject({
        host: 'ledger.test.invalid',
        pathname: '/api',
      });
      expect(document.components.schemas.Envelope.$ref).toBe(`${BASE}/schemas/envelope`);
      const index = JSON.parse(await fetchText(`${ledger.url}/schemas`)) as {
        events: { $id: string; href: string }[];
      };
      for (const entry of index.events) expect(entry.$id).toBe(`${BASE}${entry.href}`);
      const refused = await post(ledger, '/sources', {
        sourceId: 'a',
        name: 'A',
        kind: 'government',
        statedAt: '2999-01-01T00:00:00Z',
      });
      expect(refused.body.type).toMatch(new RegExp(`^${BASE}/problems/[a-z_]+$`));
    });
  });

  it('no example host reaches a client: nothing the API serves names ledger.example', async () => {
    const ledger = await startQueryLedger();
    try {
      for (const path of ['/asyncapi.json', '/schemas', '/schemas/envelope', '/docs-json'])
        expect({ path, text: await fetchText(`${ledger.url}${path}`) }).toEqual({
          path,
          text: expect.not.stringContaining('ledger.example'),
        });
    } finally {
      await ledger.close();
    }
  });
});
