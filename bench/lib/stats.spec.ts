import { formatSpread, percentile, spreadOf } from './stats';

describe('benchmark statistics', () => {
  it('interpolates percentiles between closest ranks', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([10], 99)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBeCloseTo(9.1);
    expect(percentile([], 50)).toBeNaN();
  });

  it('reports the median with the min–max spread of the runs', () => {
    const spread = spreadOf([1200, 950, 1010.4]);
    expect(spread).toMatchObject({ median: 1010.4, min: 950, max: 1200 });
    expect(formatSpread(spread)).toBe('1,010 (950–1,200)');
    expect(formatSpread(spreadOf([3.14159]))).toBe('3.14');
  });
});
