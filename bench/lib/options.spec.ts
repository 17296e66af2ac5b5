import { parseOptions } from './options';

describe('npm run bench options', () => {
  it('runs everything five times at full size by default, into docs/BENCHMARKS.md', () => {
    const options = parseOptions([]);
    expect(options).toMatchObject({
      quick: false,
      runs: 5,
      parts: ['appends', 'http', 'log', 'sse', 'esdb', 'queries', 'growth'],
    });
    expect(options.log.events).toBe(1_000_000);
    expect(options.http.connections).toBe(50);
    expect(options.out).toMatch(/docs\/BENCHMARKS\.md$/);
  });

  it('keeps --quick small and out of docs/', () => {
    const options = parseOptions(['--quick']);
    expect(options.runs).toBe(1);
    expect(options.log.events).toBeLessThanOrEqual(10_000);
    expect(options.out).toMatch(/reports\/BENCHMARKS-quick\.md$/);
  });

  it('selects parts and runs', () => {
    expect(parseOptions(['--only', 'appends,log', '--runs', '3'])).toMatchObject({
      parts: ['appends', 'log'],
      runs: 3,
    });
    expect(parseOptions(['--events', '100000']).log.events).toBe(100_000);
    expect(parseOptions(['--connections', '10']).http.connections).toBe(10);
  });

  it('refuses what it does not understand with a message naming it', () => {
    expect(() => parseOptions(['--fast'])).toThrow(/unknown option --fast/);
    expect(() => parseOptions(['--only', 'disk'])).toThrow(/unknown part\(s\) disk/);
    expect(() => parseOptions(['--runs', '0'])).toThrow(/--runs must be a whole number/);
    expect(() => parseOptions(['--out'])).toThrow(/--out needs a value/);
    expect(() => parseOptions(['--events', '12'])).toThrow(/--events must be a whole number/);
    expect(() => parseOptions(['--connections', '0'])).toThrow(
      /--connections must be a whole number/,
    );
  });
});
