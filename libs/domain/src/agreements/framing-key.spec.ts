import { DomainError } from '../shared/errors';
import { framingKey, requireFramingKey } from './framing-key';

describe('framingKey', () => {
  it.each([
    ['Mutual exchange', 'mutual exchange'],
    ['a mutual-exchange', 'mutual exchange'],
    ['  The   Mutual  Exchange. ', 'mutual exchange'],
    ['mutual_exchange', 'mutual exchange'],
    ['“Unilateral, humanitarian”', 'unilateral humanitarian'],
    ['ＭＵＴＵＡＬ ＥＸＣＨＡＮＧＥ', 'mutual exchange'],
    ['Обмін', 'обмін'],
    ['the', 'the'],
    ['An 1,245-body handover', '1 245 body handover'],
  ])('%j has the key %j', (words, key) => {
    expect(framingKey(words)).toBe(key);
  });

  it('keeps different framings apart', () => {
    expect(framingKey('unilateral')).not.toBe(framingKey('one-sided'));
    expect(framingKey('theatre')).toBe('theatre');
  });

  it('refuses words with no letter or digit', () => {
    expect(() => requireFramingKey('value', '— !')).toThrow(DomainError);
    expect(() => requireFramingKey('value', '— !')).toThrow(/no letter or digit/);
  });
});
