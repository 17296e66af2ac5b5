import { post, startLedger, type TestLedger } from './support/ledger-server';
import { enter, STATED, sourcesAndAgreement } from './support/scenario';

/**
 * Issue 19's domain rules through the HTTP API on a real SQLite file: each rule's refusal is a
 * 4xx problem+json with its own code and writes nothing; each accepted case records what the
 * rule says. docs/DOMAIN-RULES.md lists the rules.
 */

const A = '/agreements/istanbul-2025';
const LATER = '2025-06-18T10:00:00Z';

/** A figure on the Russia → Ukraine repatriation of one phase (each test uses its own phase). */
const figure = (
  claimId: string,
  phase: string,
  quantity: object,
  sourceId: string,
  extra: object = {},
) => ({
  claimId,
  termId: 'repatriation',
  direction: { from: 'russia', to: 'ukraine' },
  measure: 'bodies',
  scope: { kind: 'phase', phase },
  quantity,
  sourceId,
  statedAt: STATED,
  ...extra,
});
const exact = (value: number) => ({ value, precision: 'exact' });

describe('domain rules (issue 19) over HTTP', () => {
  let ledger: TestLedger;
  const logLength = async () => (await ledger.store.readStream('agreement-istanbul-2025')).length;
  const refused = async (path: string, body: object, status: number, code: string) => {
    const before = await logLength();
    const res = await post(ledger, path, body);
    expect(res).toMatchObject({ status, body: { code } });
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await logLength()).toBe(before);
  };
  /** Posts each [path, body] in order, failing on the first answer that is not 201. */
  const accept = async (...requests: [string, object][]) => {
    for (const [path, body] of requests) {
      const res = await post(ledger, path, body);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  };
  beforeAll(async () => {
    ledger = await startLedger({ sqlite: true });
    await enter(ledger, sourcesAndAgreement());
    await accept(
      ['/sources', { sourceId: 'icrc', name: 'ICRC', kind: 'neutral_intermediary' }],
      [
        '/sources',
        { sourceId: 'ewn-site', name: 'A site relaying EWN', kind: 'media', relayOf: 'ewn' },
      ],
    );
  });
  afterAll(() => ledger.close());

  describe('corroboration (defect 6)', () => {
    beforeAll(async () => {
      await accept(
        [`${A}/transfers`, figure('c6-ua', 'c6', exact(500), 'ua-coordination-hq')],
        [`${A}/transfers`, figure('c6-icrc', 'c6', exact(520), 'icrc')],
        [`${A}/transfers`, figure('c6-ewn', 'c6', exact(500), 'ewn')],
      );
    });

    it('refuses a source holding a live contradicting figure on the key (422)', async () => {
      await refused(
        `${A}/claims/c6-ua/corroborations`,
        { sourceId: 'icrc', statedAt: LATER },
        422,
        'corroborator_contradicts_claim',
      );
    });

    it('refuses a corroboration stated before the claim, even an independent one (422)', async () => {
      await refused(
        `${A}/claims/c6-ua/corroborations`,
        { sourceId: 'turkey-mfa', statedAt: '2025-06-17T08:00:00Z' },
        422,
        'corroboration_before_claim',
      );
    });

    it('refuses a relay of the claimant as a corroborator (422)', async () => {
      await refused(
        `${A}/claims/c6-ewn/corroborations`,
        { sourceId: 'ewn-site', statedAt: LATER },
        422,
        'relay_of_claimant',
      );
    });

    it('records a later independent corroboration by a source with no contradicting figure', async () => {
      const res = await post(ledger, `${A}/claims/c6-ua/corroborations`, {
        sourceId: 'turkey-mfa',
        statedAt: LATER,
      });
      expect(res.status).toBe(201);
    });
  });
});
