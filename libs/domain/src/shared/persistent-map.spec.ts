import { MapEditor, PersistentMap } from './persistent-map';

const entries = <K, V>(map: ReadonlyMap<K, V>): [K, V][] => [...map.entries()];

describe('PersistentMap', () => {
  it('leaves every version as it was when a newer one is set', () => {
    const empty = PersistentMap.empty<string, number>();
    const one = empty.set('a', 1);
    const two = one.set('b', 2);
    const changed = two.set('a', 10);
    expect(entries(empty)).toEqual([]);
    expect(entries(one)).toEqual([['a', 1]]);
    expect(entries(two)).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(entries(changed)).toEqual([
      ['a', 10],
      ['b', 2],
    ]);
    expect([empty.size, one.size, two.size, changed.size]).toEqual([0, 1, 2, 2]);
    expect(one.get('b')).toBeUndefined();
    expect(changed.get('a')).toBe(10);
  });

  it('keeps branches from one version apart, in insertion order', () => {
    const base = PersistentMap.of(new Map([['a', 1]]));
    const left = base.set('l', 2);
    const right = base.set('r', 3).set('a', 4);
    expect(entries(left)).toEqual([
      ['a', 1],
      ['l', 2],
    ]);
    expect(entries(right)).toEqual([
      ['a', 4],
      ['r', 3],
    ]);
    expect(entries(base)).toEqual([['a', 1]]);
    expect(left.has('r') || right.has('l')).toBe(false);
  });

  it('edits a new version in place, the one it started from unchanged', () => {
    const base = PersistentMap.empty<string, number>().set('a', 1).set('b', 2);
    const editor = base.edit();
    editor.set('c', 3);
    editor.delete('a');
    // Reading the older version in the middle of an edit moves the shared Map; the edit goes on.
    // (Undoing a delete puts the key back last: after deletes, content is kept, not order.)
    expect(new Map(base)).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
    editor.set('d', 4);
    const edited = editor.done();
    expect(new Map(edited)).toEqual(
      new Map([
        ['b', 2],
        ['c', 3],
        ['d', 4],
      ]),
    );
    expect(edited.size).toBe(3);
    expect(new Map(base)).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
  });

  it('builds a fresh map with an editor that records nothing to undo', () => {
    const editor = MapEditor.fresh<string, number>([['a', 1]]);
    editor.set('b', 2);
    expect(entries(editor.done())).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });
});
