import { asOfParams, parseAsOf, requireRecordedBy } from './as-of';
import { CliError } from './io';

describe('--as-of', () => {
  it('reads a global position or an instant with a zone', () => {
    expect(parseAsOf('14')).toEqual({ kind: 'position', position: 14n });
    expect(parseAsOf('2025-06-17T16:00:00+02:00')).toEqual({
      kind: 'time',
      iso: '2025-06-17T16:00:00+02:00',
      ms: Date.parse('2025-06-17T14:00:00Z'),
    });
    expect(parseAsOf(undefined)).toBeUndefined();
  });

  it('refuses a time without a zone, or anything else, with a usage error', () => {
    for (const bad of ['2025-06-17T14:00:00', 'yesterday', '-3', '2025-02-30T00:00:00Z']) {
      expect(() => parseAsOf(bad)).toThrow(CliError);
    }
  });

  it('becomes the API query parameters', () => {
    expect(asOfParams(parseAsOf('14'))).toEqual({ asOfPosition: '14' });
    expect(asOfParams(parseAsOf('2025-06-17T14:00:00Z'))).toEqual({ asOf: '2025-06-17T14:00:00Z' });
    expect(asOfParams(undefined)).toEqual({});
  });
});

describe('an as-of time before anything was recorded', () => {
  it('is refused with a usage error naming recording time, not answered with an empty ledger', () => {
    expect(() => requireRecordedBy(parseAsOf('2025-06-17T14:00:00Z'), '0')).toThrow(
      /Nothing had been recorded by 2025-06-17T14:00:00Z: --as-of takes a recording time/,
    );
  });

  it('passes a time after the first event, a position (even 0), and no as-of at all', () => {
    expect(() => requireRecordedBy(parseAsOf('2025-06-17T14:00:00Z'), '3')).not.toThrow();
    expect(() => requireRecordedBy(parseAsOf('0'), '0')).not.toThrow();
    expect(() => requireRecordedBy(undefined, '0')).not.toThrow();
  });
});
