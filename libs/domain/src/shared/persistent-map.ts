const ABSENT: unique symbol = Symbol('absent');

type Change<K, V> = readonly [key: K, value: V | typeof ABSENT];

/**
 * One version: the version holding the Map, or the changes that turn the version nearer to it
 * (`next`) into this one, applied last first.
 */
interface Version<K, V> {
  data: Map<K, V> | Step<K, V>;
}

interface Step<K, V> {
  readonly changes: Change<K, V>[];
  readonly next: Version<K, V>;
}

function valueIn<K, V>(map: Map<K, V>, key: K): V | typeof ABSENT {
  return map.has(key) ? (map.get(key) as V) : ABSENT;
}

/**
 * Makes `version` the one the shared Map holds (Baker's rerooting): walks to the version holding
 * the Map and replays the changes back, reversing each step on the way. O(changes between the
 * two versions): O(1) for the newest version and for the last one read.
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
    const { changes, next } = node.data as Step<K, V>;
    const back: Change<K, V>[] = [];
    for (let j = changes.length - 1; j >= 0; j--) {
      const [key, value] = changes[j] as Change<K, V>;
      back.push([key, valueIn(map, key)]);
      if (value === ABSENT) map.delete(key);
      else map.set(key, value);
    }
    next.data = { changes: back, next: node };
    node.data = map;
  }
  return map;
}

/**
 * Changes to a new version of a PersistentMap made in place, recorded as one step back to the
 * version it started from: a fold owns its draft, so it pays no copy and no version per change.
 * An editor of a new map (MapEditor.fresh) records nothing: no one holds a version to go back to.
 */
export class MapEditor<K, V> {
  /** undefined: nothing to record (a fresh map). */
  #changes: Change<K, V>[] | undefined;
  #size: number;
  readonly #from: Version<K, V>;
  readonly #to: Version<K, V>;

  constructor(from: Version<K, V>, size: number, record = true) {
    const map = reroot(from);
    this.#from = from;
    this.#to = { data: map };
    this.#changes = record ? [] : undefined;
    from.data = { changes: this.#changes ?? [], next: this.#to };
    this.#size = size;
  }

  /** An editor of a new map holding `entries`. */
  static fresh<K, V>(entries: Iterable<readonly [K, V]> = []): MapEditor<K, V> {
    const map = new Map(entries);
    return new MapEditor<K, V>({ data: map }, map.size, false);
  }

  /** The Map holding this draft, moved back should another version have been read meanwhile. */
  #map(): Map<K, V> {
    if (this.#to.data instanceof Map) return this.#to.data;
    const map = reroot(this.#to);
    if (this.#changes !== undefined) this.#changes = (this.#from.data as Step<K, V>).changes;
    return map;
  }

  get(key: K): V | undefined {
    return this.#map().get(key);
  }

  has(key: K): boolean {
    return this.#map().has(key);
  }

  get size(): number {
    return this.#size;
  }

  set(key: K, value: V): void {
    const map = this.#map();
    const old = valueIn(map, key);
    if (old === value) return;
    this.#changes?.push([key, old]);
    if (old === ABSENT) this.#size++;
    map.set(key, value);
  }

  delete(key: K): void {
    const map = this.#map();
    const old = valueIn(map, key);
    if (old === ABSENT) return;
    this.#changes?.push([key, old]);
    this.#size--;
    map.delete(key);
  }

  /** The edited map; the editor is not used after. */
  done(): PersistentMap<K, V> {
    return PersistentMap.at(this.#to, this.#size);
  }
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
    const editor = this.edit();
    editor.set(key, value);
    return editor.done();
  }

  /** A map without `key`; this one is left as it was. */
  delete(key: K): PersistentMap<K, V> {
    const editor = this.edit();
    editor.delete(key);
    return editor.done();
  }

  /** An editor of a new version of this map (this one is left as it was). */
  edit(): MapEditor<K, V> {
    return new MapEditor(this.#version, this.#size);
  }

  /** @internal The map at `version` (for MapEditor). */
  static at<K, V>(version: Version<K, V>, size: number): PersistentMap<K, V> {
    return new PersistentMap(version, size);
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
