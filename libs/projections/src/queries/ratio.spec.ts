import { type DirectionDelivery } from './fulfilment';
import { ratioCheck, ratioFulfilmentOf } from './ratio';

/** "North releases 3 for each one South releases." */
const THREE_FOR_ONE = { party: 'north', releases: 3, counterparty: 'south', receives: 1 };
const figure = (lower: number, upper: number, claimId: string) => ({
  interval: { lower, upper },
  claimIds: [claimId],
});
const delivery = (
  sourceId: string,
  from: string,
  to: string,
  total: ReturnType<typeof figure> | null,
): DirectionDelivery => ({ from, to, sourceId, phaseSum: null, statedTotal: total });

describe('an agreed ratio between the parties deliveries', () => {
  it('is within when the figures admit the ratio, with interval arithmetic', () => {
    expect(ratioCheck(figure(30, 30, 'n'), figure(10, 10, 's'), THREE_FOR_ONE)).toEqual({
      released: { delivered: { lower: 30, upper: 30 }, claimIds: ['n'] },
      received: { delivered: { lower: 10, upper: 10 }, claimIds: ['s'] },
      verdict: 'within',
      by: 0,
    });
    // "about 30" beside 11: 33 is admitted.
    expect(ratioCheck(figure(28, 33, 'n'), figure(11, 11, 's'), THREE_FOR_ONE).verdict).toBe(
      'within',
    );
    // "at least 20" beside 10: 30 is admitted.
    expect(ratioCheck(figure(20, Infinity, 'n'), figure(10, 10, 's'), THREE_FOR_ONE)).toMatchObject(
      { verdict: 'within', released: { delivered: { lower: 20, upper: null } } },
    );
  });

  it('is off, by how many releases at least, when no admitted counts fit', () => {
    expect(ratioCheck(figure(25, 25, 'n'), figure(10, 10, 's'), THREE_FOR_ONE)).toMatchObject({
      verdict: 'off',
      by: 5,
    });
    expect(ratioCheck(figure(40, 40, 'n'), figure(10, 12, 's'), THREE_FOR_ONE)).toMatchObject({
      verdict: 'off',
      by: 4,
    });
    // Two for three: 7 released beside 9 received should be 6; rounded up to whole releases.
    const twoForThree = { ...THREE_FOR_ONE, releases: 2, receives: 3 };
    expect(ratioCheck(figure(7, 7, 'n'), figure(9, 9, 's'), twoForThree)).toMatchObject({
      verdict: 'off',
      by: 1,
    });
  });

  it('is unknown when a side has no figure, and exact beyond 2^53 − 1 once scaled', () => {
    expect(ratioCheck(figure(30, 30, 'n'), null, THREE_FOR_ONE)).toMatchObject({
      verdict: 'unknown',
      received: null,
    });
    const big = Number.MAX_SAFE_INTEGER;
    const million = { ...THREE_FOR_ONE, releases: 1_000_001, receives: 1_000_000 };
    expect(ratioCheck(figure(big, big, 'n'), figure(big, big, 's'), million).verdict).toBe('off');
  });

  it('judges each claimant, and across claimants only where their figures agree', () => {
    const agreeing = ratioFulfilmentOf(THREE_FOR_ONE, [
      delivery('wire', 'north', 'south', figure(30, 30, 'w1')),
      delivery('wire', 'south', 'north', figure(10, 10, 'w2')),
      delivery('north-mod', 'north', 'south', figure(28, 33, 'n1')),
      delivery('north-mod', 'south', 'north', figure(12, 12, 'n2')),
    ]);
    expect(agreeing.claimants.map((c) => [c.sourceId, c.statedTotal.verdict])).toEqual([
      ['wire', 'within'],
      ['north-mod', 'off'],
    ]);
    expect(agreeing.claimants[1]?.statedTotal.by).toBe(3);
    expect(agreeing.claimants[0]?.phaseSum.verdict).toBe('unknown');
    // Both admit 30 released; they disagree on what was received (10 vs 12): no verdict across.
    expect(agreeing.acrossClaimants.statedTotal).toBeNull();
    expect(agreeing.acrossClaimants.phaseSum).toMatchObject({ verdict: 'unknown' });
    const common = ratioFulfilmentOf(THREE_FOR_ONE, [
      delivery('wire', 'north', 'south', figure(30, 30, 'w1')),
      delivery('north-mod', 'north', 'south', figure(28, 33, 'n1')),
      delivery('north-mod', 'south', 'north', figure(10, 10, 'n2')),
    ]);
    expect(common.acrossClaimants.statedTotal).toEqual({
      released: { delivered: { lower: 30, upper: 30 }, claimIds: ['w1', 'n1'] },
      received: { delivered: { lower: 10, upper: 10 }, claimIds: ['n2'] },
      verdict: 'within',
      by: 0,
    });
  });
});
