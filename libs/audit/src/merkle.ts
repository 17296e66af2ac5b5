import { createHash } from 'node:crypto';

/**
 * RFC 6962 §2.1 Merkle trees (the same as RFC 9162 §2.1): leaves and interior nodes are hashed
 * with different one-byte prefixes so a leaf can never pass for a node, and a tree of n leaves is
 * split at the largest power of two smaller than n. Hashes are 32-byte Buffers; sizes and indices
 * are plain numbers (safe up to 2^53 leaves, far beyond any ledger).
 */

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH({d}) = SHA-256(0x00 || d). */
export function leafHash(leafInput: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leafInput).digest();
}

/** MTH(D[n]) = SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The root of the empty tree: SHA-256 of the empty string. */
export function emptyTreeRoot(): Buffer {
  return createHash('sha256').digest();
}

/** The largest power of two strictly smaller than n (n ≥ 2): where RFC 6962 splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A half-open range [start, end) of leaf indices: the subtree whose root a proof carries. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

function checkSize(what: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min)
    throw new RangeError(`${what} ${value} is not an integer ≥ ${min}`);
}

/**
 * The subtrees whose roots make up PATH(m, D[n]) (RFC 6962 §2.1.1), from the leaf upwards.
 * Only the shape depends on (m, n), so the ranges can be computed before any leaf is read.
 */
export function inclusionRanges(leafIndex: number, treeSize: number): LeafRange[] {
  checkSize('treeSize', treeSize, 1);
  checkSize('leafIndex', leafIndex, 0);
  if (leafIndex >= treeSize)
    throw new RangeError(`leafIndex ${leafIndex} is outside a tree of ${treeSize} leaves`);
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (leafIndex < start + k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
    }
  }
  return ranges.reverse();
}

/** The subtrees whose roots make up PROOF(m, D[n]) (RFC 6962 §2.1.2), for 0 < m ≤ n, bottom-up. */
export function consistencyRanges(oldSize: number, newSize: number): LeafRange[] {
  checkSize('oldSize', oldSize, 1);
  checkSize('newSize', newSize, oldSize);
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = newSize;
  let m = oldSize;
  let wholeOldTreeIsKnown = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
      m -= k;
      wholeOldTreeIsKnown = false;
    }
  }
  if (!wholeOldTreeIsKnown) ranges.push({ start, end });
  return ranges.reverse();
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

/** The two running indices of RFC 9162's verification loops: this node's and the tree's last. */
interface Cursor {
  fn: number;
  sn: number;
}

function shiftOnce(cursor: Cursor): void {
  cursor.fn = half(cursor.fn);
  cursor.sn = half(cursor.sn);
}

/** "Right-shift both fn and sn equally until either LSB(fn) is set or fn is 0." */
function shiftToRightChild(cursor: Cursor): void {
  while (!isOdd(cursor.fn) && cursor.fn !== 0) shiftOnce(cursor);
}

/** Whether the next proof hash is a left sibling (the node is a right child or the last node). */
function siblingIsOnTheLeft(cursor: Cursor): boolean {
  return isOdd(cursor.fn) || cursor.fn === cursor.sn;
}

export interface InclusionClaim {
  readonly leafIndex: number;
  readonly treeSize: number;
  /** MTH of the leaf, i.e. leafHash(leafInput). */
  readonly leafHash: Uint8Array;
  readonly auditPath: readonly Uint8Array[];
  readonly rootHash: Uint8Array;
}

/** RFC 9162 §2.1.3.2: recomputes the root from the leaf and its audit path. */
export function verifyInclusion(claim: InclusionClaim): boolean {
  const { leafIndex, treeSize } = claim;
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize)) return false;
  if (leafIndex < 0 || leafIndex >= treeSize) return false;
  const cursor: Cursor = { fn: leafIndex, sn: treeSize - 1 };
  let r: Uint8Array = claim.leafHash;
  for (const p of claim.auditPath) {
    if (cursor.sn === 0) return false;
    if (siblingIsOnTheLeft(cursor)) {
      r = nodeHash(p, r);
      shiftToRightChild(cursor);
    } else {
      r = nodeHash(r, p);
    }
    shiftOnce(cursor);
  }
  return cursor.sn === 0 && Buffer.from(r).equals(claim.rootHash);
}

export interface ConsistencyClaim {
  readonly oldSize: number;
  readonly newSize: number;
  readonly oldRoot: Uint8Array;
  readonly newRoot: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

/** RFC 9162 §2.1.4.2: the tree of newSize leaves extends the tree of oldSize leaves. */
export function verifyConsistency(claim: ConsistencyClaim): boolean {
  const { oldSize, newSize, oldRoot, newRoot } = claim;
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize)) return false;
  if (oldSize < 1 || oldSize > newSize) return false;
  if (oldSize === newSize) return claim.proof.length === 0 && Buffer.from(oldRoot).equals(newRoot);
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...claim.proof] : [...claim.proof];
  const [first, ...rest] = path;
  if (first === undefined) return false;
  const cursor: Cursor = { fn: oldSize - 1, sn: newSize - 1 };
  while (isOdd(cursor.fn)) shiftOnce(cursor);
  const roots = foldConsistency(cursor, first, rest);
  return (
    roots !== undefined &&
    Buffer.from(roots.fr).equals(oldRoot) &&
    Buffer.from(roots.sr).equals(newRoot)
  );
}

/** The loop of RFC 9162 §2.1.4.2, step 6: rebuilds the old root (fr) and the new one (sr) together. */
function foldConsistency(
  cursor: Cursor,
  first: Uint8Array,
  rest: readonly Uint8Array[],
): { fr: Uint8Array; sr: Uint8Array } | undefined {
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (cursor.sn === 0) return undefined;
    if (siblingIsOnTheLeft(cursor)) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      shiftToRightChild(cursor);
    } else {
      sr = nodeHash(sr, c);
    }
    shiftOnce(cursor);
  }
  return cursor.sn === 0 ? { fr, sr } : undefined;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && splitPoint(n * 2) === n;
}
