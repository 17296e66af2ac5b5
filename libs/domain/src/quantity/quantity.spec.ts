import { DomainError } from '../shared/errors';
import {
  addCounts,
  quantitiesDisagree,
  type Quantity,
  spreadOf,
  sumIntervals,
  toInterval,
  toRange,
  validateQuantity,
} from './quantity';
import { quantityKey, reconciliationKey, validateDirection, validateScope } from './quantity-key';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
}

describe('validateQuantity', () => {
  it('keeps valid quantities and omits absent bounds', () => {
    expect(validateQuantity('q', { value: 1245, precision: 'exact' })).toEqual({
      value: 1245,
      precision: 'exact',
    });
    expect(validateQuantity('q', { value: 6000, precision: 'at_least', upper: 7000 })).toEqual({
      value: 6000,
      precision: 'at_least',
      upper: 7000,
    });
    expect(
      validateQuantity('q', { value: 3000, precision: 'about', lower: 2800, upper: 3100 }),
    ).toEqual({ value: 3000, precision: 'about', lower: 2800, upper: 3100 });
    expect(validateQuantity('q', { value: 0, precision: 'up_to', lower: 0 })).toEqual({
      value: 0,
      precision: 'up_to',
      lower: 0,
    });
  });

  it.each<[string, Quantity]>([
    ['a negative count', { value: -1, precision: 'exact' }],
    ['a fraction', { value: 12.5, precision: 'exact' }],
    ['an unsafe integer', { value: Number.MAX_SAFE_INTEGER + 1, precision: 'exact' }],
    ['NaN', { value: Number.NaN, precision: 'exact' }],
    ['a string value', { value: '1245' as unknown as number, precision: 'exact' }],
    ['an unknown precision', { value: 5, precision: 'roughly' as never }],
    ['bounds on an exact figure', { value: 5, precision: 'exact', lower: 4 }],
    ['a lower bound on "at least"', { value: 5, precision: 'at_least', lower: 4 }],
    ['an upper bound on "up to"', { value: 5, precision: 'up_to', upper: 6 }],
    ['a lower bound above the value', { value: 5, precision: 'about', lower: 6 }],
    ['an upper bound below the value', { value: 5, precision: 'about', upper: 4 }],
    ['a negative bound', { value: 5, precision: 'about', lower: -1 }],
  ])('refuses %s with invalid_quantity', (_label, q) => {
    expect(codeOf(() => validateQuantity('q', q))).toBe('invalid_quantity');
  });

  it('refuses a missing quantity', () => {
    expect(codeOf(() => validateQuantity('q', null as unknown as Quantity))).toBe(
      'invalid_quantity',
    );
  });
});

describe('toInterval', () => {
  it('reads each precision as the counts it admits', () => {
    expect(toInterval({ value: 1245, precision: 'exact' })).toEqual({ lower: 1245, upper: 1245 });
    expect(toInterval({ value: 6000, precision: 'at_least' })).toEqual({
      lower: 6000,
      upper: Infinity,
    });
    expect(toInterval({ value: 6000, precision: 'at_least', upper: 6500 })).toEqual({
      lower: 6000,
      upper: 6500,
    });
    expect(toInterval({ value: 6000, precision: 'up_to' })).toEqual({ lower: 0, upper: 6000 });
    expect(toInterval({ value: 6000, precision: 'up_to', lower: 5000 })).toEqual({
      lower: 5000,
      upper: 6000,
    });
  });

  it('gives "about" a ±5% tolerance rounded outward, unless bounds are stated', () => {
    expect(toInterval({ value: 3000, precision: 'about' })).toEqual({ lower: 2850, upper: 3150 });
    expect(toInterval({ value: 20, precision: 'about' })).toEqual({ lower: 19, upper: 21 });
    expect(toInterval({ value: 3, precision: 'about' })).toEqual({ lower: 2, upper: 4 });
    expect(toInterval({ value: 0, precision: 'about' })).toEqual({ lower: 0, upper: 0 });
    expect(toInterval({ value: 3000, precision: 'about', lower: 2990 })).toEqual({
      lower: 2990,
      upper: 3150,
    });
  });
});

describe('disagreement and delta', () => {
  const q = (value: number, precision: Quantity['precision'] = 'exact'): Quantity => ({
    value,
    precision,
  });

  it('finds 1,245 and 1,248 three apart', () => {
    expect(quantitiesDisagree([q(1245), q(1248)])).toBe(true);
    expect(spreadOf([q(1245), q(1248)].map(toInterval))).toBe(3);
  });

  it('does not contradict "over 6,000" with 6,057, but does with 5,990', () => {
    expect(quantitiesDisagree([q(6000, 'at_least'), q(6057)])).toBe(false);
    expect(spreadOf([q(6000, 'at_least'), q(5990)].map(toInterval))).toBe(10);
  });

  it('treats "up to" and "about" as ranges', () => {
    expect(quantitiesDisagree([q(6000, 'up_to'), q(5500)])).toBe(false);
    expect(quantitiesDisagree([q(3000, 'about'), q(3100)])).toBe(false);
    expect(spreadOf([q(3000, 'about'), q(3200)].map(toInterval))).toBe(50);
  });

  it('measures the widest gap among several claims, and none for fewer than two', () => {
    expect(spreadOf([q(10), q(12), q(20)].map(toInterval))).toBe(10);
    expect(spreadOf([toInterval(q(10))])).toBe(0);
    expect(spreadOf([])).toBe(0);
  });

  it('sums intervals and writes unbounded ones with a null upper', () => {
    const sum = sumIntervals([q(51), q(6000, 'at_least')].map(toInterval));
    expect(toRange(sum)).toEqual({ lower: 6051, upper: null });
    expect(toRange(sumIntervals([q(51), q(27)].map(toInterval)))).toEqual({ lower: 78, upper: 78 });
  });
});

describe('exact sums past 2^53 − 1', () => {
  const MAX = Number.MAX_SAFE_INTEGER;
  const codeOf = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      return e instanceof DomainError ? e.code : 'not a DomainError';
    }
    return undefined;
  };

  it('adds counts up to 2^53 − 1 exactly and refuses one more', () => {
    expect(addCounts(MAX - 10, 10)).toBe(MAX);
    expect(codeOf(() => addCounts(MAX - 10, 11))).toBe('count_sum_too_large');
    expect(codeOf(() => addCounts(MAX, MAX))).toBe('count_sum_too_large');
    expect(addCounts(MAX, Infinity)).toBe(Infinity);
  });

  it('sums intervals exactly, refusing a bound that would be rounded', () => {
    expect(
      sumIntervals([
        { lower: MAX - 1, upper: MAX - 1 },
        { lower: 1, upper: 1 },
      ]),
    ).toEqual({
      lower: MAX,
      upper: MAX,
    });
    expect(
      codeOf(() =>
        sumIntervals([
          { lower: MAX - 1, upper: MAX - 1 },
          { lower: 1, upper: 2 },
        ]),
      ),
    ).toBe('count_sum_too_large');
    expect(
      sumIntervals([
        { lower: MAX - 1, upper: Infinity },
        { lower: 1, upper: 2 },
      ]),
    ).toEqual({
      lower: MAX,
      upper: Infinity,
    });
  });

  it('computes the "about" tolerance exactly for large counts and refuses one past 2^53 − 1', () => {
    // 5 % of 2^53 − 21 is 450,359,962,737,048.5: rounded outward to ...049.
    const big = MAX - 20;
    const { lower, upper } = toInterval({ value: big, precision: 'about', upper: MAX });
    expect(upper).toBe(MAX);
    expect(BigInt(lower)).toBe(BigInt(big) - 450359962737049n);
    expect(codeOf(() => validateQuantity('q', { value: big, precision: 'about' }))).toBe(
      'invalid_quantity',
    );
    expect(validateQuantity('q', { value: big, precision: 'about', upper: MAX })).toEqual({
      value: big,
      precision: 'about',
      upper: MAX,
    });
  });
});

describe('quantityKey', () => {
  const parts = {
    agreementId: 'istanbul-2025',
    termId: 'repatriation',
    direction: { from: 'russia', to: 'ukraine' },
    measure: 'bodies',
  };

  it('is a readable, stable string per scope', () => {
    expect(quantityKey({ ...parts, scope: { kind: 'phase', phase: 'final' } })).toBe(
      'istanbul-2025/repatriation/russia->ukraine/bodies/phase:final',
    );
    expect(quantityKey({ ...parts, scope: { kind: 'cumulative', period: 'past week' } })).toBe(
      'istanbul-2025/repatriation/russia->ukraine/bodies/cumulative:past%20week',
    );
    expect(quantityKey({ ...parts, scope: { kind: 'cumulative' } })).toBe(
      'istanbul-2025/repatriation/russia->ukraine/bodies/cumulative',
    );
  });

  it('names the whole exchange by its two parties in sorted order, whichever comes first', () => {
    const exchange = { kind: 'exchange' } as const;
    const key = 'istanbul-2025/repatriation/russia<->ukraine/bodies/exchange';
    expect(quantityKey({ ...parts, scope: exchange })).toBe(key);
    expect(
      quantityKey({ ...parts, direction: { from: 'ukraine', to: 'russia' }, scope: exchange }),
    ).toBe(key);
    expect(validateScope(exchange)).toEqual(exchange);
  });

  it('cannot be forged by separators inside a part', () => {
    const a = quantityKey({
      ...parts,
      measure: 'bodies/phase:final',
      scope: { kind: 'cumulative' },
    });
    const b = quantityKey({ ...parts, scope: { kind: 'phase', phase: 'final/cumulative' } });
    expect(a).not.toBe(b);
    expect(a).toContain('bodies%2Fphase%3Afinal');
  });

  it('differs by direction and by claimant for reconciliation', () => {
    const there = reconciliationKey({ ...parts, claimantSourceId: 'ru-mod' });
    const back = reconciliationKey({
      ...parts,
      direction: { from: 'ukraine', to: 'russia' },
      claimantSourceId: 'ru-mod',
    });
    expect(there).toBe('istanbul-2025/repatriation/russia->ukraine/bodies/claimant:ru-mod');
    expect(back).not.toBe(there);
  });
});

describe('validateDirection and validateScope', () => {
  it('refuses a transfer from a party to itself', () => {
    expect(codeOf(() => validateDirection({ from: 'ukraine', to: 'ukraine' }))).toBe(
      'invalid_direction',
    );
    expect(codeOf(() => validateDirection(undefined as never))).toBe('invalid_direction');
  });

  it('refuses unknown scope kinds and empty phase labels', () => {
    expect(codeOf(() => validateScope({ kind: 'weekly' } as never))).toBe('invalid_scope');
    expect(codeOf(() => validateScope({ kind: 'phase', phase: '' }))).toBe('invalid_text');
    expect(validateScope({ kind: 'cumulative', period: 'past week' })).toEqual({
      kind: 'cumulative',
      period: 'past week',
    });
  });
});
