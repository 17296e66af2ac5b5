import { post, startLedger, type TestLedger } from './support/ledger-server';

describe('POST /sources', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(() => ledger.close());

  it('registers a source with the id the client gives and answers 201 with what was written', async () => {
    const res = await post(ledger, '/sources', {
      sourceId: 'ewn',
      name: 'EWN',
      kind: 'news_agency',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      sourceId: 'ewn',
      events: [{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), type: 'SourceRegistered' }],
      streamRevision: '0',
      position: expect.stringMatching(/^\d+$/),
    });
    const [stored] = await ledger.store.readStream('source-ewn');
    expect(stored).toMatchObject({
      id: res.body.events[0].id,
      type: 'SourceRegistered',
      data: { sourceId: 'ewn', name: 'EWN', kind: 'news_agency' },
      position: BigInt(res.body.position),
    });
  });

  it('generates a UUID source id when the client gives none', async () => {
    const res = await post(ledger, '/sources', { name: 'Some outlet', kind: 'media' });
    expect(res.status).toBe(201);
    expect(res.body.sourceId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    await expect(ledger.store.readStream(`source-${res.body.sourceId}`)).resolves.toHaveLength(1);
  });

  it('registers a relay of a registered source', async () => {
    const res = await post(ledger, '/sources', {
      sourceId: 'ajtechnicaldr',
      name: 'AJTechnicalDr.com',
      kind: 'media',
      channel: 'website',
      relayOf: 'ewn',
    });
    expect(res.status).toBe(201);
    const [stored] = await ledger.store.readStream('source-ajtechnicaldr');
    expect(stored?.data).toEqual({
      sourceId: 'ajtechnicaldr',
      name: 'AJTechnicalDr.com',
      kind: 'media',
      channel: 'website',
      relayOf: 'ewn',
    });
  });

  it('answers 404 for a relay of an unknown source', async () => {
    const res = await post(ledger, '/sources', {
      sourceId: 'relay-of-nobody',
      name: 'R',
      kind: 'media',
      relayOf: 'nobody',
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, code: 'source_not_registered' });
  });

  it('answers 409 when the source is already registered', async () => {
    const res = await post(ledger, '/sources', {
      sourceId: 'ewn',
      name: 'EWN again',
      kind: 'news_agency',
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: 409, code: 'source_already_registered' });
  });

  it('answers 400 with field-level messages', async () => {
    const res = await post(ledger, '/sources', { sourceId: 'Not A Slug', kind: 'blog', extra: 1 });
    expect(res.status).toBe(400);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['extra', 'kind', 'name', 'sourceId']);
  });

  it('answers 400 with the domain code when the meaning is wrong (a party authority without its party)', async () => {
    const res = await post(ledger, '/sources', {
      sourceId: 'ua-hq',
      name: 'HQ',
      kind: 'party_authority',
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_source' });
  });

  it('refuses names of only invisible characters, or holding controls or bidi overrides, writing nothing', async () => {
    const before = await ledger.store.headPosition();
    for (const [i, name] of [
      '\u0000',
      '\u200B',
      'Wire\u001b[2K\rForged line',
      'Wire\u0007',
      'Wire \u202Egnp.exe',
      'Wire\u0085',
    ].entries()) {
      const res = await post(ledger, '/sources', { sourceId: `hostile-${i}`, name, kind: 'media' });
      expect({ name, status: res.status, type: res.headers.get('content-type') }).toEqual({
        name,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(res.body).toMatchObject({ code: 'invalid_text' });
    }
    await expect(ledger.store.headPosition()).resolves.toBe(before);
  });
});
