import { CanonicalJsonError } from './errors';
import type { JsonObject } from './port';

/**
 * Nesting deeper than this is refused rather than risking a stack overflow: no ledger event comes
 * near it, and a typed error beats a crash.
 */
export const MAX_CANONICAL_DEPTH = 256;

/** An unpaired UTF-16 surrogate: RFC 8785 §3.2.2.2 requires an error, as signatures over it break. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The one canonical JSON of the code base: the audit hash chain and checkpoints hash it, the
 * stores compare retried events with it (sameEventContent), the API hashes request bodies with it.
 *
 * RFC 8785 (JSON Canonicalization Scheme): object members sorted by their names' UTF-16 code
 * units, numbers as ECMAScript prints them, strings escaped as JSON.stringify does, no whitespace.
 * Anything that is not I-JSON (undefined, functions, bigint, NaN, ±Infinity, lone surrogates,
 * class instances, cycles, sparse arrays) throws CanonicalJsonError instead of being coerced.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$', []);
}

function serialise(value: unknown, path: string, ancestors: object[]): string {
  switch (typeof value) {
    case 'string':
      return serialiseString(value, path);
    case 'number':
      if (!Number.isFinite(value))
        throw new CanonicalJsonError(path, `${value} is not a finite number`);
      // Number → string is exactly ECMAScript's Number::toString, which RFC 8785 adopts; -0 prints as 0.
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return serialiseContainer(value, path, ancestors);
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      throw new CanonicalJsonError(path, `a ${typeof value} is not JSON`);
  }
}

function serialiseString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value))
    throw new CanonicalJsonError(path, 'the string holds a lone surrogate');
  return JSON.stringify(value);
}

function serialiseContainer(value: object, path: string, ancestors: object[]): string {
  if (ancestors.includes(value)) throw new CanonicalJsonError(path, 'the value refers to itself');
  if (ancestors.length >= MAX_CANONICAL_DEPTH) {
    throw new CanonicalJsonError(path, `nesting deeper than ${MAX_CANONICAL_DEPTH} levels`);
  }
  ancestors.push(value);
  const text = Array.isArray(value)
    ? serialiseArray(value, path, ancestors)
    : serialiseObject(value, path, ancestors);
  ancestors.pop();
  return text;
}

function serialiseArray(items: unknown[], path: string, ancestors: object[]): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    if (!(i in items)) throw new CanonicalJsonError(`${path}[${i}]`, 'a hole in a sparse array');
    parts.push(serialise(items[i], `${path}[${i}]`, ancestors));
  }
  return `[${parts.join(',')}]`;
}

function serialiseObject(object: object, path: string, ancestors: object[]): string {
  const proto = Object.getPrototypeOf(object) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const name = (object.constructor as { name?: string } | undefined)?.name ?? 'object';
    throw new CanonicalJsonError(path, `a ${name} is not a plain JSON object`);
  }
  const record = object as Record<string, unknown>;
  // The default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 prescribes.
  const names = Object.keys(record).sort();
  const members = names.map((name) => {
    const memberPath = `${path}.${name}`;
    return `${serialiseString(name, memberPath)}:${serialise(record[name], memberPath, ancestors)}`;
  });
  return `{${members.join(',')}}`;
}

/**
 * Whether two events carry the same type, data and metadata, whatever their keys' order: how a
 * store recognises an idempotent retry of events it already holds (every adapter, one rule).
 */
export function sameEventContent(
  a: { readonly type: string; readonly data: JsonObject; readonly metadata: JsonObject },
  b: { readonly type: string; readonly data: JsonObject; readonly metadata: JsonObject },
): boolean {
  return (
    a.type === b.type &&
    canonicalJson(a.data) === canonicalJson(b.data) &&
    canonicalJson(a.metadata) === canonicalJson(b.metadata)
  );
}
