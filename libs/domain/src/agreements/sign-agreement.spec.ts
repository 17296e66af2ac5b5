import { agreementDecider } from './agreement-decider';
import { type SignAgreement } from './agreement-commands';
import { AGREEMENT_ID, agreementSigned, NOW, sourceLookup } from '../testing/agreement-fixtures';
import { deciderSpec } from '../testing/given-when-then';

const spec = deciderSpec(agreementDecider, sourceLookup);

function sign(data: Partial<SignAgreement['data']> = {}, now = NOW): SignAgreement {
  return { type: 'SignAgreement', data: { ...agreementSigned.data, ...data }, metadata: { now } };
}

const repatriation = agreementSigned.data.terms[0]!;

describe('SignAgreement', () => {
  it('records the agreement with its parties, mediators and terms', () => {
    const state = spec.given([]).when(sign()).then([agreementSigned]);
    expect(state.status).toBe('signed');
  });

  it('keeps an agreed quantity with its precision and basis', () => {
    const terms = [
      {
        ...repatriation,
        agreedQuantity: {
          value: 6000,
          precision: 'at_least' as const,
          basis: 'per_party' as const,
          party: 'russia',
        },
      },
    ];
    spec
      .given([])
      .when(sign({ terms }))
      .then([{ ...agreementSigned, data: { ...agreementSigned.data, terms } }]);
  });

  it('keeps a bound per releasing party and an agreed ratio', () => {
    const terms = [
      {
        ...repatriation,
        agreedPerParty: [
          { value: 50, precision: 'up_to' as const, party: 'ukraine' },
          { value: 30, precision: 'at_least' as const, party: 'russia' },
        ],
        agreedRatio: { party: 'ukraine', releases: 3, counterparty: 'russia', receives: 1 },
      },
    ];
    spec
      .given([])
      .when(sign({ terms }))
      .then([{ ...agreementSigned, data: { ...agreementSigned.data, terms } }]);
  });

  it('refuses an ambiguous term: two bounds for one party, both forms, a ratio with itself', () => {
    const up = { value: 50, precision: 'up_to' as const, party: 'ukraine' };
    spec
      .given([])
      .when(sign({ terms: [{ ...repatriation, agreedPerParty: [up, { ...up, value: 60 }] }] }))
      .thenThrows('ambiguous_term');
    const total = { value: 100, precision: 'exact' as const, basis: 'total' as const };
    spec
      .given([])
      .when(sign({ terms: [{ ...repatriation, agreedQuantity: total, agreedPerParty: [up] }] }))
      .thenThrows('ambiguous_term');
    const selfRatio = { party: 'ukraine', releases: 2, counterparty: 'ukraine', receives: 1 };
    spec
      .given([])
      .when(sign({ terms: [{ ...repatriation, agreedRatio: selfRatio }] }))
      .thenThrows('ambiguous_term');
  });

  it('refuses a bound or a ratio naming a party outside the agreement, or a ratio of 0', () => {
    const turkey = { value: 50, precision: 'up_to' as const, party: 'turkey' };
    spec
      .given([])
      .when(sign({ terms: [{ ...repatriation, agreedPerParty: [turkey] }] }))
      .thenThrows('party_not_in_agreement');
    const ratio = { party: 'ukraine', releases: 2, counterparty: 'turkey', receives: 1 };
    spec
      .given([])
      .when(sign({ terms: [{ ...repatriation, agreedRatio: ratio }] }))
      .thenThrows('party_not_in_agreement');
    spec
      .given([])
      .when(
        sign({
          terms: [
            { ...repatriation, agreedRatio: { ...ratio, counterparty: 'russia', releases: 0 } },
          ],
        }),
      )
      .thenThrows('invalid_terms');
    spec
      .given([])
      .when(sign({ terms: [{ ...repatriation, agreedPerParty: [] }] }))
      .thenThrows('invalid_terms');
    spec
      .given([])
      .when(
        sign({
          terms: [
            {
              ...repatriation,
              agreedPerParty: [{ value: -1, precision: 'exact', party: 'ukraine' }],
            },
          ],
        }),
      )
      .thenThrows('invalid_quantity');
  });

  it('refuses to sign the same agreement twice', () => {
    spec.given([agreementSigned]).when(sign()).thenThrows('agreement_already_signed');
  });

  it('refuses a signing date after now', () => {
    spec
      .given([])
      .when(sign({ signedOn: '2025-06-20' }))
      .thenThrows('date_in_future');
  });

  it('refuses a signing date that is not a calendar date', () => {
    spec
      .given([])
      .when(sign({ signedOn: '2025-06-31' }))
      .thenThrows('invalid_date');
  });

  it('refuses a clock that is not an instant', () => {
    spec.given([]).when(sign({}, 'tomorrow')).thenThrows('invalid_timestamp');
  });

  it('refuses fewer than two parties, a repeated party, and a mediator who is a party', () => {
    spec
      .given([])
      .when(sign({ parties: [{ id: 'ukraine', name: 'Ukraine' }] }))
      .thenThrows('invalid_parties');
    spec
      .given([])
      .when(
        sign({
          parties: [
            { id: 'ukraine', name: 'Ukraine' },
            { id: 'ukraine', name: 'Ukraine again' },
          ],
        }),
      )
      .thenThrows('invalid_parties');
    spec
      .given([])
      .when(sign({ mediators: [{ id: 'russia', name: 'Russia' }] }))
      .thenThrows('invalid_parties');
  });

  it('refuses an agreement without terms, or with a termId twice', () => {
    spec
      .given([])
      .when(sign({ terms: [] }))
      .thenThrows('invalid_terms');
    spec
      .given([])
      .when(sign({ terms: [repatriation, repatriation] }))
      .thenThrows('invalid_terms');
  });

  it('refuses unknown term kinds, reciprocities and bases', () => {
    spec
      .given([])
      .when(sign({ terms: [{ ...repatriation, kind: 'ceasefire' as never }] }))
      .thenThrows('invalid_terms');
    spec
      .given([])
      .when(sign({ terms: [{ ...repatriation, reciprocity: 'sometimes' as never }] }))
      .thenThrows('invalid_terms');
    const badBasis = { value: 6000, precision: 'exact' as const, basis: 'each' as never };
    spec
      .given([])
      .when(sign({ terms: [{ ...repatriation, agreedQuantity: badBasis }] }))
      .thenThrows('invalid_terms');
  });

  it('refuses an agreed quantity that is not a count, or for a party outside the agreement', () => {
    spec
      .given([])
      .when(
        sign({
          terms: [
            {
              ...repatriation,
              agreedQuantity: { value: -6000, precision: 'exact', basis: 'total' },
            },
          ],
        }),
      )
      .thenThrows('invalid_quantity');
    spec
      .given([])
      .when(
        sign({
          terms: [
            {
              ...repatriation,
              agreedQuantity: {
                value: 6000,
                precision: 'exact',
                basis: 'per_party',
                party: 'turkey',
              },
            },
          ],
        }),
      )
      .thenThrows('party_not_in_agreement');
  });

  it('refuses a malformed agreement id and an empty title', () => {
    spec
      .given([])
      .when(sign({ agreementId: 'istanbul 2025' }))
      .thenThrows('invalid_id');
    spec
      .given([])
      .when(sign({ title: '' }))
      .thenThrows('invalid_text');
  });

  it('names its stream agreement-<id> and starts it', () => {
    expect(agreementDecider.streamFor(sign())).toBe(`agreement-${AGREEMENT_ID}`);
    expect(agreementDecider.streamExpectation(sign())).toBe('new');
  });
});
