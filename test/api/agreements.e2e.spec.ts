import { post, startLedger, type TestLedger } from './support/ledger-server';
import { enter, sourcesAndAgreement } from './support/scenario';

const agreement = {
  title: 'A test agreement',
  venue: 'Geneva',
  signedOn: '2025-06-02',
  parties: [
    { id: 'ukraine', name: 'Ukraine' },
    { id: 'russia', name: 'Russian Federation' },
  ],
  mediators: [{ id: 'turkey', name: 'Türkiye' }],
  terms: [
    {
      termId: 'repatriation',
      kind: 'repatriation_of_remains',
      description: 'Bodies',
      reciprocity: 'mutual',
      agreedQuantity: { value: 6000, precision: 'about', basis: 'per_party' },
    },
  ],
};

describe('POST /agreements', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(() => ledger.close());

  it('signs the seed agreement with the id the client gives', async () => {
    const [, , , , , , signed] = await enter(ledger, sourcesAndAgreement());
    expect(signed?.body).toEqual({
      agreementId: 'istanbul-2025',
      events: [{ id: expect.any(String), type: 'AgreementSigned' }],
      streamRevision: '0',
      position: '7',
    });
    const [stored] = await ledger.store.readStream('agreement-istanbul-2025');
    expect(stored?.data).toMatchObject({
      agreementId: 'istanbul-2025',
      venue: 'Istanbul, Türkiye',
      parties: [{ id: 'ukraine' }, { id: 'russia' }],
      mediators: [{ id: 'turkey' }],
    });
  });

  it('generates the agreement id when absent and keeps the agreed quantity with its precision', async () => {
    const res = await post(ledger, '/agreements', agreement);
    expect(res.status).toBe(201);
    const [stored] = await ledger.store.readStream(`agreement-${res.body.agreementId}`);
    expect(stored?.data.terms).toEqual([
      {
        termId: 'repatriation',
        kind: 'repatriation_of_remains',
        description: 'Bodies',
        reciprocity: 'mutual',
        agreedQuantity: { value: 6000, precision: 'about', basis: 'per_party' },
      },
    ]);
  });

  it('defaults the mediators to none', async () => {
    const { mediators: _mediators, ...withoutMediators } = agreement;
    const res = await post(ledger, '/agreements', {
      ...withoutMediators,
      agreementId: 'no-mediators',
    });
    expect(res.status).toBe(201);
    await expect(ledger.store.readStream('agreement-no-mediators')).resolves.toEqual([
      expect.objectContaining({ data: expect.objectContaining({ mediators: [] }) }),
    ]);
  });

  it('answers 409 when the agreement is already signed', async () => {
    const res = await post(ledger, '/agreements', { ...agreement, agreementId: 'istanbul-2025' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'agreement_already_signed', title: 'Conflict' });
  });

  it('answers 422 naming the rule when the signing date lies in the future', async () => {
    const res = await post(ledger, '/agreements', { ...agreement, signedOn: '2999-01-01' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      status: 422,
      code: 'date_in_future',
      type: '/problems/date_in_future',
    });
  });

  it('answers 400 with nested field errors', async () => {
    const res = await post(ledger, '/agreements', {
      ...agreement,
      signedOn: '2 June 2025',
      parties: [{ id: 'UA', name: '' }],
      terms: [
        {
          ...agreement.terms[0],
          kind: 'ceasefire',
          agreedQuantity: { value: -1, precision: 'roughly', basis: 'total' },
        },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual([
      'parties',
      'parties[0].id',
      'parties[0].name',
      'signedOn',
      'terms[0].agreedQuantity.precision',
      'terms[0].agreedQuantity.value',
      'terms[0].kind',
    ]);
  });

  it('answers 400 with the domain code when a mediator is also a party', async () => {
    const res = await post(ledger, '/agreements', {
      ...agreement,
      mediators: [{ id: 'russia', name: 'Russia' }],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_parties' });
  });
});
