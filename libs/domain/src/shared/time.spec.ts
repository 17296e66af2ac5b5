import { DomainError } from './errors';
import {
  formatInstant,
  isAfterWithSkew,
  normalizeDateOrInstant,
  normalizeInstant,
  parseDate,
  parseInstant,
  validateDate,
} from './time';

describe('ISO-8601 instants without Date', () => {
  it('normalises to UTC with milliseconds', () => {
    expect(normalizeInstant('t', '2025-06-17T12:30:00+03:00')).toBe('2025-06-17T09:30:00.000Z');
    expect(normalizeInstant('t', '2025-06-17T09:30Z')).toBe('2025-06-17T09:30:00.000Z');
    expect(normalizeInstant('t', '2025-06-16T23:30:00.1234-02:00')).toBe(
      '2025-06-17T01:30:00.123Z',
    );
    expect(normalizeInstant('t', '2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('agrees with the epoch arithmetic of known instants', () => {
    expect(parseInstant('1970-01-01T00:00:00Z')).toBe(0);
    expect(parseInstant('2000-03-01T00:00:00Z')).toBe(951868800000);
    expect(parseInstant('2025-06-17T09:30:00Z')).toBe(1750152600000);
    expect(formatInstant(1750152600000)).toBe('2025-06-17T09:30:00.000Z');
    expect(formatInstant(-1)).toBe('1969-12-31T23:59:59.999Z');
  });

  it('round-trips every day of a leap-year cycle', () => {
    const start = parseInstant('1999-12-25T13:14:15.016Z')!;
    for (let day = 0; day < 4 * 366; day++) {
      const ms = start + day * 86_400_000;
      expect(parseInstant(formatInstant(ms))).toBe(ms);
    }
  });

  it.each([
    '2025-06-17',
    '2025-06-17T09:30:00',
    '2025-02-29T00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-06-31T00:00:00Z',
    '2025-06-17T24:00:00Z',
    '2025-06-17T10:60:00Z',
    '2025-06-17T10:00:00+15:00',
    'yesterday',
    '',
  ])('refuses %j with invalid_timestamp', (text) => {
    expect(() => normalizeInstant('statedAt', text)).toThrow(DomainError);
    expect(parseInstant(text)).toBeUndefined();
  });

  it('refuses a non-string', () => {
    expect(() => normalizeInstant('statedAt', 42 as unknown as string)).toThrow(
      expect.objectContaining({ code: 'invalid_timestamp' }),
    );
  });
});

describe('calendar dates', () => {
  it('validates real days only', () => {
    expect(validateDate('d', '2025-06-16')).toBe('2025-06-16');
    expect(parseDate('2023-02-29')).toBeUndefined();
    expect(() => validateDate('d', '2025-6-16')).toThrow(
      expect.objectContaining({ code: 'invalid_date' }),
    );
    expect(normalizeDateOrInstant('d', '2025-06-16')).toBe('2025-06-16');
    expect(normalizeDateOrInstant('d', '2025-06-16T10:00:00+02:00')).toBe(
      '2025-06-16T08:00:00.000Z',
    );
  });
});

describe('isAfterWithSkew', () => {
  it('allows five minutes of clock skew and no more', () => {
    expect(isAfterWithSkew('2025-06-17T10:05:00Z', '2025-06-17T10:00:00Z')).toBe(false);
    expect(isAfterWithSkew('2025-06-17T10:05:00.001Z', '2025-06-17T10:00:00Z')).toBe(true);
  });

  it('counts a date from its earliest instant anywhere (UTC+14)', () => {
    // 17 June had begun in Kyiv (UTC+3) at 22:00 UTC on the 16th.
    expect(isAfterWithSkew('2025-06-17', '2025-06-16T22:00:00Z')).toBe(false);
    expect(isAfterWithSkew('2025-06-18', '2025-06-16T22:00:00Z')).toBe(true);
  });
});
