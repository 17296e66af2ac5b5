import { createHash } from 'node:crypto';
import {
  consistencyRanges,
  inclusionRanges,
  leafHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle';
import {
  consistencyProofOf,
  inclusionPathOf,
  MerkleBuilder,
  merkleRoot,
  peakSizes,
} from './merkle-builder';

/**
 * An independent transcription of RFC 6962 §2.1, recursive over slices as the RFC writes it. Subtree
 * hashes are memoised per leaf array (by first leaf and length) so the exhaustive loops stay quick.
 */
const memo = new WeakMap<Uint8Array, Map<number, Buffer>>();
const reference = {
  sha256: (...parts: Uint8Array[]): Buffer => {
    const h = createHash('sha256');
    for (const part of parts) h.update(part);
    return h.digest();
  },
  k(n: number): number {
    return 2 ** Math.ceil(Math.log2(n) - 1);
  },
  mth(d: readonly Uint8Array[]): Buffer {
    if (d.length === 0) return reference.sha256();
    const known = memo.get(d[0]!)?.get(d.length);
    if (known) return known;
    const k = reference.k(d.length);
    const hash =
      d.length === 1
        ? reference.sha256(Buffer.from([0]), d[0]!)
        : reference.sha256(
            Buffer.from([1]),
            reference.mth(d.slice(0, k)),
            reference.mth(d.slice(k)),
          );
    memo.set(d[0]!, (memo.get(d[0]!) ?? new Map<number, Buffer>()).set(d.length, hash));
    return hash;
  },
  path(m: number, d: readonly Uint8Array[]): Buffer[] {
    if (d.length <= 1) return [];
    const k = reference.k(d.length);
    return m < k
      ? [...reference.path(m, d.slice(0, k)), reference.mth(d.slice(k))]
      : [...reference.path(m - k, d.slice(k)), reference.mth(d.slice(0, k))];
  },
  subproof(m: number, d: readonly Uint8Array[], b: boolean): Buffer[] {
    if (m === d.length) return b ? [] : [reference.mth(d)];
    const k = reference.k(d.length);
    return m <= k
      ? [...reference.subproof(m, d.slice(0, k), b), reference.mth(d.slice(k))]
      : [...reference.subproof(m - k, d.slice(k), false), reference.mth(d.slice(0, k))];
  },
};

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Buffer => Buffer.from(s, 'hex');
const leavesOf = (n: number): Buffer[] =>
  Array.from({ length: n }, (_, i) => reference.sha256(Buffer.from(`event ${i}`)));

// The Certificate Transparency test vectors (RFC 6962 trees of the eight CT test leaves).
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(unhex);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('Merkle tree (RFC 6962)', () => {
  it('gives the Certificate Transparency roots for sizes 0..8', () => {
    for (let n = 0; n <= 8; n++)
      expect([n, hex(merkleRoot(CT_LEAVES.slice(0, n)))]).toEqual([n, CT_ROOTS[n]]);
  });

  it('gives the Certificate Transparency audit paths and a consistency proof', () => {
    expect(inclusionPathOf(CT_LEAVES, 0).map(hex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(inclusionPathOf(CT_LEAVES, 5).map(hex)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(consistencyProofOf(CT_LEAVES, 2).map(hex)).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
  });

  it('agrees with the recursive definition on the root of every size 0..70', () => {
    const leaves = leavesOf(70);
    for (let n = 0; n <= 70; n++) {
      expect([n, hex(merkleRoot(leaves.slice(0, n)))]).toEqual([
        n,
        hex(reference.mth(leaves.slice(0, n))),
      ]);
    }
  });

  it('builds audit paths equal to PATH(m, D[n]) that verify, for every leaf of trees of 1..33 leaves', () => {
    const leaves = leavesOf(33);
    for (let n = 1; n <= 33; n++) {
      const tree = leaves.slice(0, n);
      const root = reference.mth(tree);
      for (let m = 0; m < n; m++) {
        const path = inclusionPathOf(tree, m);
        expect([n, m, path.map(hex)]).toEqual([n, m, reference.path(m, tree).map(hex)]);
        const claim = {
          leafIndex: m,
          treeSize: n,
          leafHash: leafHash(tree[m]!),
          auditPath: path,
          rootHash: root,
        };
        expect([n, m, verifyInclusion(claim)]).toEqual([n, m, true]);
      }
    }
  });

  it('rejects a proof for the wrong leaf, index, a too small size, the wrong root or a shortened or lengthened path', () => {
    const tree = leavesOf(21);
    const root = merkleRoot(tree);
    for (const m of [0, 7, 16, 20]) {
      const good = {
        leafIndex: m,
        treeSize: 21,
        leafHash: leafHash(tree[m]!),
        auditPath: inclusionPathOf(tree, m),
        rootHash: root,
      };
      expect(verifyInclusion(good)).toBe(true);
      const other = (m + 1) % 21;
      expect(verifyInclusion({ ...good, leafHash: leafHash(tree[other]!) })).toBe(false);
      expect(verifyInclusion({ ...good, leafIndex: other })).toBe(false);
      // (A larger size can share the path's shape; the signed checkpoint is what binds the size.)
      expect(verifyInclusion({ ...good, treeSize: m })).toBe(false);
      expect(verifyInclusion({ ...good, rootHash: merkleRoot(tree.slice(0, 20)) })).toBe(false);
      expect(verifyInclusion({ ...good, auditPath: good.auditPath.slice(1) })).toBe(false);
      expect(verifyInclusion({ ...good, auditPath: [...good.auditPath, root] })).toBe(false);
      const flipped = good.auditPath.map((p) => Buffer.from(p));
      flipped[0]![0]! ^= 1;
      expect(verifyInclusion({ ...good, auditPath: flipped })).toBe(false);
    }
    expect(
      verifyInclusion({
        leafIndex: -1,
        treeSize: 21,
        leafHash: root,
        auditPath: [],
        rootHash: root,
      }),
    ).toBe(false);
  });

  it('builds consistency proofs equal to PROOF(m, D[n]) that verify, for every 1 ≤ m ≤ n ≤ 33', () => {
    const leaves = leavesOf(33);
    for (let n = 1; n <= 33; n++) {
      const newRoot = reference.mth(leaves.slice(0, n));
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProofOf(leaves, m, n);
        const expected = m === n ? [] : reference.subproof(m, leaves.slice(0, n), true);
        expect([m, n, proof.map(hex)]).toEqual([m, n, expected.map(hex)]);
        const oldRoot = reference.mth(leaves.slice(0, m));
        expect([
          m,
          n,
          verifyConsistency({ oldSize: m, newSize: n, oldRoot, newRoot, proof }),
        ]).toEqual([m, n, true]);
        if (m < n) {
          const forgedOld = reference.mth(leaves.slice(1, m + 1));
          expect(
            verifyConsistency({ oldSize: m, newSize: n, oldRoot: forgedOld, newRoot, proof }),
          ).toBe(false);
          expect(
            verifyConsistency({ oldSize: m, newSize: n, oldRoot, newRoot: oldRoot, proof }),
          ).toBe(false);
        }
      }
    }
  });

  it('computes the proof ranges without any leaf', () => {
    expect(inclusionRanges(5, 8)).toEqual([
      { start: 4, end: 5 },
      { start: 6, end: 8 },
      { start: 0, end: 4 },
    ]);
    expect(consistencyRanges(3, 7)).toEqual([
      { start: 2, end: 3 },
      { start: 3, end: 4 },
      { start: 0, end: 2 },
      { start: 4, end: 7 },
    ]);
    expect(() => inclusionRanges(3, 3)).toThrow(RangeError);
    expect(() => consistencyRanges(0, 3)).toThrow(RangeError);
  });
});

describe('MerkleBuilder', () => {
  it('keeps one frontier hash per set bit of the size, and resumes from it', () => {
    const leaves = leavesOf(45);
    const builder = new MerkleBuilder();
    for (const [i, leaf] of leaves.entries()) {
      builder.append(leaf);
      expect(builder.frontier()).toHaveLength(peakSizes(i + 1).length);
    }
    expect(peakSizes(45)).toEqual([32, 8, 4, 1]);
    const resumed = MerkleBuilder.fromFrontier(
      30,
      (() => {
        const b = new MerkleBuilder();
        leaves.slice(0, 30).forEach((leaf) => b.append(leaf));
        return b.frontier();
      })(),
    );
    leaves.slice(30).forEach((leaf) => resumed.append(leaf));
    expect(hex(resumed.root())).toBe(hex(builder.root()));
    expect(hex(builder.root())).toBe(hex(reference.mth(leaves)));
  });

  it('refuses a frontier that does not fit the size', () => {
    expect(() => MerkleBuilder.fromFrontier(6, [leafHash(Buffer.alloc(1))])).toThrow(RangeError);
    expect(() => MerkleBuilder.fromFrontier(1, [Buffer.alloc(31)])).toThrow(RangeError);
  });
});
