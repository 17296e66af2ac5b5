import { z } from 'zod';

/**
 * One environment variable: its name, what it is for, its default, and the rule its text must
 * follow. A setting's value type comes from its parser, so the configuration's type is the table's.
 */
export interface Setting<T> {
  readonly env: string;
  /** One line for the README's configuration table. */
  readonly doc: string;
  readonly fallback: T;
  /** What a valid value is, completing "<NAME>="<raw>" is not …". */
  readonly rule: string;
  /** The value of a non-empty text, or INVALID. */
  readonly parse: (raw: string) => T | typeof INVALID;
}

export const INVALID = Symbol('invalid');

/** Tells a Setting from a section (an object of settings) while walking the table. */
export function isSetting(value: unknown): value is Setting<unknown> {
  return typeof value === 'object' && value !== null && 'env' in value && 'parse' in value;
}

function parser<T>(schema: z.ZodType<T, string>): Setting<T>['parse'] {
  return (raw) => {
    const result = schema.safeParse(raw);
    return result.success ? result.data : INVALID;
  };
}

export function wholeNumber(
  env: string,
  doc: string,
  fallback: number,
  range: { readonly min: number; readonly max: number },
): Setting<number> {
  return {
    env,
    doc,
    fallback,
    rule: `a whole number from ${range.min} to ${range.max}`,
    parse: parser(
      z
        .string()
        .regex(/^\d{1,16}$/)
        .transform(Number)
        .pipe(z.number().int().min(range.min).max(range.max)),
    ),
  };
}

export function oneOf<const T extends string, F extends T | undefined>(
  env: string,
  doc: string,
  values: readonly [T, ...T[]],
  fallback: F,
): Setting<T | F> {
  return { env, doc, fallback, rule: `one of ${values.join(', ')}`, parse: parser(z.enum(values)) };
}

/** Free text (trimmed); `fallback` undefined: the setting is optional. */
export function text<F extends string | undefined>(
  env: string,
  doc: string,
  fallback: F,
  check?: { readonly rule: string; readonly pattern: RegExp },
): Setting<string | F> {
  const schema = z.string().trim().min(1);
  return {
    env,
    doc,
    fallback,
    rule: check?.rule ?? 'a non-empty text',
    parse: parser(check ? schema.regex(check.pattern) : schema),
  };
}

/** A comma-separated list, each item matching `pattern`. */
export function listOf(
  env: string,
  doc: string,
  check: { readonly rule: string; readonly pattern: RegExp },
): Setting<readonly string[]> {
  return {
    env,
    doc,
    fallback: [],
    rule: check.rule,
    parse: parser(
      z
        .string()
        .transform((raw) => raw.split(',').map((item) => item.trim()))
        .pipe(z.array(z.string().regex(check.pattern))),
    ),
  };
}

/** The values a table of settings (settings and sections of them, nested) reads into. */
export type ValuesOf<S> = {
  readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : ValuesOf<S[K]>;
};

/** An absolute http(s) URL with no query or fragment; kept without its trailing slash. */
export function baseUrl(env: string, doc: string): Setting<string | undefined> {
  return {
    env,
    doc,
    fallback: undefined,
    rule: 'an http(s) URL without query or fragment (e.g. https://ledger.internal:3000)',
    parse: (raw) => {
      const url = URL.canParse(raw.trim()) ? new URL(raw.trim()) : undefined;
      if (!url || !/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '')
        return INVALID;
      return url.href.replace(/\/+$/, '');
    },
  };
}
