const ABSENT: unique symbol = Symbol('absent');

/** One version: the version holding the Map, or a change away from a version nearer to it. */
interface Version<K, V> {
  data:
    | Map<K, V>
    | { readonly key: K; readonly value: V | typeof ABSENT; readonly next: Version<K, V> };
}

/**
 * Makes `version` the one the shared Map holds (Baker's rerooting): walks to the version holding
 * the Map and replays the changes back, reversing each on the way. O(changes between the two
 * versions): O(1) for the newest version and for the last one read.
 */
function reroot<K, V>(version: Version<K, V>): Map<K, V> {
  if (version.data instanceof Map) return version.data;
  const path: Version<K, V>[] = [];
  let at: Version<K, V> = version;
  while (!(at.data instanceof Map)) {
    path.push(at);
    at = at.data.next;
  }
  const map = at.data;
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i] as Version<K, V>;
    const change = node.data as Exclude<Version<K, V>['data'], Map<K, V>>;
    const current = map.has(change.key) ? (map.get(change.key) as V) : ABSENT;
    if (change.value === ABSENT) map.delete(change.key);
    else map.set(change.key, change.value);
    change.next.data = { key: change.key, value: current, next: node };
    node.data = map;
  }
  return map;
}

/**
 * An immutable map whose `set` returns a new map in O(1) without copying: every version shares one
 * Map, which holds whichever version was used last, plus a chain of single changes to reach the
 * others (rerooting). A fold that keeps setting its newest version costs O(1) per change; reading
 * an older version costs the changes between it and the last one read. Keys iterate in
 * first-insertion order, as a Map's, as long as nothing was deleted: undoing a delete puts the key
 * back last, so a map deleted from iterates its keys in no promised order.
 */
export class PersistentMap<K, V> implements ReadonlyMap<K, V> {
  readonly #version: Version<K, V>;
  readonly #size: number;

  private constructor(version: Version<K, V>, size: number) {
    this.#version = version;
    this.#size = size;
  }

  static empty<K, V>(): PersistentMap<K, V> {
    return new PersistentMap<K, V>({ data: new Map() }, 0);
  }

  /** `map` itself when it is one, else a copy of it. */
  static of<K, V>(map: ReadonlyMap<K, V>): PersistentMap<K, V> {
    if (map instanceof PersistentMap) return map as PersistentMap<K, V>;
    return new PersistentMap<K, V>({ data: new Map(map) }, map.size);
  }

  /** A map with `key` set to `value`; this one is left as it was. */
  set(key: K, value: V): PersistentMap<K, V> {
    const map = reroot(this.#version);
    const had = map.has(key);
    const old = had ? (map.get(key) as V) : ABSENT;
    if (old === value) return this;
    map.set(key, value);
    const next: Version<K, V> = { data: map };
    this.#version.data = { key, value: old, next };
    return new PersistentMap(next, had ? this.#size : this.#size + 1);
  }

  /** A map without `key`; this one is left as it was. */
  delete(key: K): PersistentMap<K, V> {
    const map = reroot(this.#version);
    if (!map.has(key)) return this;
    const old = map.get(key) as V;
    map.delete(key);
    const next: Version<K, V> = { data: map };
    this.#version.data = { key, value: old, next };
    return new PersistentMap(next, this.#size - 1);
  }

  get size(): number {
    return this.#size;
  }

  get(key: K): V | undefined {
    return reroot(this.#version).get(key);
  }

  has(key: K): boolean {
    return reroot(this.#version).has(key);
  }

  /** Iterates a snapshot: reading another version meanwhile cannot disturb it. */
  *entries(): MapIterator<[K, V]> {
    yield* [...reroot(this.#version)];
  }

  *keys(): MapIterator<K> {
    yield* [...reroot(this.#version).keys()];
  }

  *values(): MapIterator<V> {
    yield* [...reroot(this.#version).values()];
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}
