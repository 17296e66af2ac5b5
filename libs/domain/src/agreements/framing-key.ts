import { ensure } from '../shared/errors';

/**
 * A framing is kept in the source's own words ("a mutual exchange", "Mutual-Exchange"); two
 * framings are matched by a normalised key of those words, so different spellings of one framing
 * agree and only different framings contest. The normalisation, in order:
 *
 * 1. Unicode NFKC (full-width letters, ligatures and compatibility forms become plain ones);
 * 2. lower case (String.prototype.toLowerCase: Unicode's default case mapping);
 * 3. every run of characters that are not letters, combining marks or digits (spaces, punctuation,
 *    symbols, hyphens, quotes) becomes one space, and the ends are trimmed;
 * 4. a leading English article ("a", "an", "the") is dropped.
 *
 * Nothing else (no stemming, no synonyms): "unilateral" and "one-sided" stay different framings.
 */
export function framingKey(words: string): string {
  const plain = words
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
  return plain.replace(/^(?:a|an|the) (?=.)/u, '');
}

/** A framing's keys as recorded, or derived from its words for an event recorded before keys were. */
export function framingKeysOf(framing: {
  readonly property: string;
  readonly value: string;
  readonly propertyKey?: string;
  readonly valueKey?: string;
}): { readonly propertyKey: string; readonly valueKey: string } {
  return {
    propertyKey: framing.propertyKey ?? framingKey(framing.property),
    valueKey: framing.valueKey ?? framingKey(framing.value),
  };
}

/** The key of a framing's property or value, refused when the words hold no letter or digit. */
export function requireFramingKey(field: string, words: string): string {
  const key = framingKey(words);
  ensure(
    key.length > 0,
    'invalid_text',
    `${field} ${JSON.stringify(words)} holds no letter or digit to match it by`,
  );
  return key;
}
