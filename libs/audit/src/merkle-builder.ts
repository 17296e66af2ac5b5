import {
  consistencyRanges,
  emptyTreeRoot,
  inclusionRanges,
  leafHash,
  type LeafRange,
  nodeHash,
} from './merkle';

/** A perfect subtree of the frontier: 2^k leaves starting at `start`. */
interface Peak {
  readonly start: number;
  readonly size: number;
  readonly hash: Buffer;
}

/**
 * An RFC 6962 tree grown one leaf at a time, holding only its frontier: the roots of the perfect
 * subtrees that the binary digits of the size describe (at most 53 of them). Appending costs
 * O(log n) amortised hashing, the memory stays O(log n) however long the log, and the root of the
 * tree as it stands can be read at any size.
 */
export class MerkleBuilder {
  private readonly peaks: Peak[] = [];
  private leafCount = 0;

  /** Starts from a frontier saved earlier (see `frontier()`), e.g. from the last checkpoint. */
  static fromFrontier(size: number, hashes: readonly Buffer[]): MerkleBuilder {
    const sizes = peakSizes(size);
    if (sizes.length !== hashes.length) {
      throw new RangeError(
        `A tree of ${size} leaves has ${sizes.length} frontier hashes, not ${hashes.length}`,
      );
    }
    const builder = new MerkleBuilder();
    let start = 0;
    sizes.forEach((peakSize, i) => {
      const hash = hashes[i];
      if (hash?.length !== 32) throw new RangeError(`Frontier hash #${i} is not 32 bytes`);
      builder.peaks.push({ start, size: peakSize, hash });
      start += peakSize;
    });
    builder.leafCount = size;
    return builder;
  }

  get size(): number {
    return this.leafCount;
  }

  /** Appends a leaf given its input (here: an event hash); the leaf is hashed with the 0x00 prefix. */
  append(leafInput: Uint8Array): void {
    this.appendLeafHash(leafHash(leafInput));
  }

  appendLeafHash(hash: Buffer): void {
    let peak: Peak = { start: this.leafCount, size: 1, hash };
    let top = this.peaks.at(-1);
    while (top !== undefined && top.size === peak.size) {
      this.peaks.pop();
      peak = { start: top.start, size: top.size * 2, hash: nodeHash(top.hash, peak.hash) };
      top = this.peaks.at(-1);
    }
    this.peaks.push(peak);
    this.leafCount += 1;
  }

  /** MTH of all leaves appended so far: the peaks folded from the right, as the RFC's split implies. */
  root(): Buffer {
    const last = this.peaks.at(-1);
    if (last === undefined) return emptyTreeRoot();
    let hash = last.hash;
    for (let i = this.peaks.length - 2; i >= 0; i--) hash = nodeHash(this.peaks[i]!.hash, hash);
    return hash;
  }

  /** The frontier's hashes, largest subtree first; with the size they rebuild this builder. */
  frontier(): Buffer[] {
    return this.peaks.map((peak) => peak.hash);
  }

  /** The root of a frontier subtree exactly covering `range`, if there is one. */
  peakFor(range: LeafRange): Buffer | undefined {
    return this.peaks.find(
      (peak) => peak.start === range.start && peak.start + peak.size === range.end,
    )?.hash;
  }
}

/** The sizes of the perfect subtrees of a tree of n leaves, largest first (the set bits of n). */
export function peakSizes(n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`Tree size ${n} is not a non-negative integer`);
  const sizes: number[] = [];
  let rest = n;
  let bit = 1;
  while (bit * 2 <= rest) bit *= 2;
  while (rest > 0) {
    if (bit <= rest) {
      sizes.push(bit);
      rest -= bit;
    }
    bit /= 2;
  }
  return sizes;
}

/**
 * Computes the roots of a set of disjoint leaf ranges while the leaves stream past in order, one
 * range at a time: how a proof is built from a log too long to hold in memory.
 */
export class RangeRootCollector {
  private readonly ranges: LeafRange[];
  private readonly roots = new Map<string, Buffer>();
  private current = 0;
  private builder = new MerkleBuilder();

  constructor(ranges: readonly LeafRange[]) {
    this.ranges = [...ranges].sort((a, b) => a.start - b.start);
  }

  /** Feeds the leaf at `index`; indices must arrive in increasing order. */
  offer(index: number, hash: Buffer): void {
    let range = this.ranges[this.current];
    while (range !== undefined && index >= range.end) range = this.ranges[++this.current];
    if (range === undefined || index < range.start) return;
    this.builder.appendLeafHash(hash);
    if (index === range.end - 1) {
      this.roots.set(key(range), this.builder.root());
      this.builder = new MerkleBuilder();
    }
  }

  /** The root of a range, once all its leaves have been offered. */
  rootOf(range: LeafRange): Buffer | undefined {
    return this.roots.get(key(range));
  }
}

function key(range: LeafRange): string {
  return `${range.start}:${range.end}`;
}

/** MTH of a list of leaf inputs held in memory. */
export function merkleRoot(leafInputs: readonly Uint8Array[]): Buffer {
  const builder = new MerkleBuilder();
  for (const input of leafInputs) builder.append(input);
  return builder.root();
}

function rootsOfRanges(leafInputs: readonly Uint8Array[], ranges: readonly LeafRange[]): Buffer[] {
  const collector = new RangeRootCollector(ranges);
  leafInputs.forEach((input, index) => collector.offer(index, leafHash(input)));
  return ranges.map((range) => {
    const root = collector.rootOf(range);
    if (root === undefined)
      throw new RangeError(`Leaves ${range.start}..${range.end - 1} are not all present`);
    return root;
  });
}

/** PATH(m, D[n]) over leaf inputs held in memory; n defaults to all of them. */
export function inclusionPathOf(
  leafInputs: readonly Uint8Array[],
  leafIndex: number,
  treeSize = leafInputs.length,
): Buffer[] {
  return rootsOfRanges(leafInputs.slice(0, treeSize), inclusionRanges(leafIndex, treeSize));
}

/** PROOF(m, D[n]) over leaf inputs held in memory. */
export function consistencyProofOf(
  leafInputs: readonly Uint8Array[],
  oldSize: number,
  newSize = leafInputs.length,
): Buffer[] {
  return rootsOfRanges(leafInputs.slice(0, newSize), consistencyRanges(oldSize, newSize));
}
