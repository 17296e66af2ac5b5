import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { type Checkpoint, type CheckpointJson, checkpointJson } from './checkpoint';
import { AuditTrailError, ProofUnavailableError } from './errors';
import { readAuditFields } from './event-hash';
import { auditView } from './hash-chain';
import { latestCheckpoint } from './inclusion-proof';
import { consistencyRanges, leafHash } from './merkle';
import { MerkleBuilder, RangeRootCollector } from './merkle-builder';
import { pagesOfAll } from './read-log';

/**
 * RFC 6962 §2.1.2 PROOF(m, D[n]) from the log: shows that the tree of the first `newSize` events
 * extends the tree of the first `oldSize`, so an auditor who kept an earlier signed checkpoint
 * can tell a log that only grew from one that was truncated or forked (GET /audit/consistency,
 * `ledger verify-consistency`). Plain JSON, hashes in hex.
 */
export interface ConsistencyProof {
  readonly version: 1;
  readonly oldSize: number;
  readonly newSize: number;
  /** MTH of the first oldSize events as the log holds them now. */
  readonly oldRoot: string;
  readonly newRoot: string;
  readonly proof: readonly string[];
  /** The latest checkpoint, which signs newRoot (absent when newSize is not its size). */
  readonly checkpoint?: CheckpointJson;
}

/**
 * Reads the log once up to the tree of `newSize` events (the latest checkpoint's by default),
 * keeping O(log n) hashes: the roots of the proof's subtrees are collected as the leaves stream
 * past. Refuses sizes outside 1 ≤ oldSize ≤ newSize ≤ the latest checkpoint's, and a log that no
 * longer reproduces the latest checkpoint's root (that is the verifier's finding, not a proof).
 */
export async function consistencyProof(
  store: EventStore,
  oldSize: number,
  newSize?: number,
  options: { readonly pageSize?: number } = {},
): Promise<ConsistencyProof> {
  const reader = auditView(store);
  const checkpoint = await latestCheckpoint(reader);
  const size = newSize ?? checkpoint.treeSize;
  checkSizes(oldSize, size, checkpoint);
  const roots = new ConsistencyRoots(oldSize, size);
  const pages = pagesOfAll(reader, checkpoint.lastPosition, options.pageSize ?? 1000);
  for await (const page of pages) for (const event of page) roots.offer(event);
  roots.checkAgainst(checkpoint);
  return {
    version: 1,
    oldSize,
    newSize: size,
    ...roots.answer(),
    ...(size === checkpoint.treeSize ? { checkpoint: checkpointJson(checkpoint) } : {}),
  };
}

/** Follows the log once, collecting the proof's subtree roots and the two trees' roots. */
class ConsistencyRoots {
  private readonly ranges;
  private readonly collector;
  private readonly tree = new MerkleBuilder();
  private oldRoot = '';
  private newRoot = '';

  constructor(
    private readonly oldSize: number,
    private readonly newSize: number,
  ) {
    this.ranges = consistencyRanges(oldSize, newSize);
    this.collector = new RangeRootCollector(this.ranges);
  }

  offer(event: RecordedEvent): void {
    const audit = readAuditFields(event.metadata);
    if (!audit.ok)
      throw new AuditTrailError(`The event at position ${event.position}: ${audit.problem}`);
    const leaf = leafHash(Buffer.from(audit.fields.hash, 'hex'));
    if (this.tree.size < this.newSize) this.collector.offer(this.tree.size, leaf);
    this.tree.appendLeafHash(leaf);
    if (this.tree.size === this.oldSize) this.oldRoot = this.tree.root().toString('hex');
    if (this.tree.size === this.newSize) this.newRoot = this.tree.root().toString('hex');
  }

  /** The log read must be the tree the checkpoint signed; otherwise there is nothing to prove. */
  checkAgainst(checkpoint: Checkpoint): void {
    const { tree } = this;
    if (tree.size !== checkpoint.treeSize || tree.root().toString('hex') !== checkpoint.rootHash)
      throw new AuditTrailError(
        `The log no longer matches the latest checkpoint (tree size ${checkpoint.treeSize}); run the verifier`,
      );
  }

  answer(): { oldRoot: string; newRoot: string; proof: string[] } {
    const proof = this.ranges.map((range) => this.collector.rootOf(range)?.toString('hex') ?? '');
    return { oldRoot: this.oldRoot, newRoot: this.newRoot, proof };
  }
}

function checkSizes(oldSize: number, newSize: number, checkpoint: Checkpoint): void {
  const valid = (n: number): boolean => Number.isSafeInteger(n) && n >= 1;
  if (!valid(oldSize) || !valid(newSize))
    throw new RangeError(`Sizes ${oldSize} and ${newSize} are not whole numbers ≥ 1`);
  const larger = Math.max(oldSize, newSize);
  if (larger > checkpoint.treeSize)
    throw new ProofUnavailableError(
      `The latest checkpoint signs ${checkpoint.treeSize} events, fewer than ${larger}: the log is shorter than that tree (truncated?), or no checkpoint covers it yet`,
    );
  if (oldSize > newSize) throw new RangeError(`Size ${oldSize} is above ${newSize}`);
}
