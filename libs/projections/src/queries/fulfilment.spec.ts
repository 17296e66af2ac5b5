import { type AgreementTerm } from '@ledger/domain';
import { type DirectionDelivery, fulfilmentOf, verdictOf } from './fulfilment';

const PARTIES = [
  { id: 'alpha', name: 'Alpha' },
  { id: 'beta', name: 'Beta' },
];
const ALPHA_TO_BETA = { from: 'alpha', to: 'beta' };
const term = (agreedQuantity: AgreementTerm['agreedQuantity']): AgreementTerm => ({
  termId: 'exchange',
  kind: 'prisoner_exchange',
  description: 'An exchange',
  reciprocity: 'mutual',
  ...(agreedQuantity ? { agreedQuantity } : {}),
});
const total = (from: string, to: string, n: number, claimId: string): DirectionDelivery => ({
  from,
  to,
  sourceId: 'wire',
  phaseSum: null,
  statedTotal: { interval: { lower: n, upper: n }, claimIds: [claimId] },
});

describe('fulfilment against the agreed quantity', () => {
  it('judges intervals: exceeds, short, within, and unknown when the bounds leave it open', () => {
    expect(verdictOf({ lower: 110, upper: 110 }, { lower: 0, upper: 100 })).toEqual({
      verdict: 'exceeds',
      by: 10,
    });
    expect(verdictOf({ lower: 0, upper: 40 }, { lower: 50, upper: Infinity })).toEqual({
      verdict: 'short',
      by: 10,
    });
    expect(verdictOf({ lower: 60, upper: 90 }, { lower: 0, upper: 100 }).verdict).toBe('within');
    expect(verdictOf({ lower: 90, upper: Infinity }, { lower: 0, upper: 100 }).verdict).toBe(
      'unknown',
    );
  });

  it('sums an agreed total over both directions; a missing direction leaves it open above', () => {
    const agreed = term({ value: 100, precision: 'exact', basis: 'total' });
    const both = fulfilmentOf(
      agreed,
      ALPHA_TO_BETA,
      PARTIES,
      ['wire'],
      [total('alpha', 'beta', 60, 'a'), total('beta', 'alpha', 40, 'b')],
    );
    expect(both.claimants[0]?.statedTotal).toEqual({
      delivered: { lower: 100, upper: 100 },
      claimIds: ['a', 'b'],
      verdict: 'within',
      by: 0,
    });
    const one = fulfilmentOf(
      agreed,
      ALPHA_TO_BETA,
      PARTIES,
      ['wire'],
      [total('alpha', 'beta', 120, 'a')],
    );
    expect(one.claimants[0]?.statedTotal).toMatchObject({
      delivered: { lower: 120, upper: null },
      verdict: 'exceeds',
      by: 20,
    });
  });

  it("applies a figure agreed for one party only to that party's deliveries", () => {
    const agreed = term({ value: 50, precision: 'up_to', basis: 'per_party', party: 'beta' });
    expect(fulfilmentOf(agreed, ALPHA_TO_BETA, PARTIES, ['wire'], [])).toEqual({
      agreed: null,
      directions: [],
      claimants: [],
    });
    const fromBeta = fulfilmentOf(
      agreed,
      { from: 'beta', to: 'alpha' },
      PARTIES,
      ['wire'],
      [total('beta', 'alpha', 70, 'b')],
    );
    expect(fromBeta.claimants[0]?.statedTotal?.verdict).toBe('exceeds');
    expect(fulfilmentOf(term(undefined), ALPHA_TO_BETA, PARTIES, ['wire'], []).agreed).toBeNull();
  });

  it("judges each direction by the releasing party's own bound", () => {
    const perParty: AgreementTerm = {
      ...term(undefined),
      agreedPerParty: [
        { value: 50, precision: 'up_to', party: 'alpha' },
        { value: 30, precision: 'at_least', party: 'beta' },
      ],
    };
    const fromAlpha = fulfilmentOf(
      perParty,
      ALPHA_TO_BETA,
      PARTIES,
      ['wire'],
      [total('alpha', 'beta', 60, 'a')],
    );
    expect(fromAlpha.agreed).toEqual({
      value: 50,
      precision: 'up_to',
      party: 'alpha',
      basis: 'per_party',
    });
    expect(fromAlpha.directions).toEqual([ALPHA_TO_BETA]);
    expect(fromAlpha.claimants[0]?.statedTotal).toMatchObject({ verdict: 'exceeds', by: 10 });
    const fromBeta = fulfilmentOf(
      perParty,
      { from: 'beta', to: 'alpha' },
      PARTIES,
      ['wire'],
      [total('beta', 'alpha', 20, 'b')],
    );
    expect(fromBeta.agreed).toMatchObject({ value: 30, precision: 'at_least', party: 'beta' });
    expect(fromBeta.claimants[0]?.statedTotal).toMatchObject({ verdict: 'short', by: 10 });
  });
});
