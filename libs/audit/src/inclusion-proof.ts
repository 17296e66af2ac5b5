import {
  type EventStore,
  type JsonObject,
  type RecordedEvent,
  StreamNotFoundError,
} from '@ledger/event-store';
import {
  CHECKPOINT_STREAM,
  type Checkpoint,
  type CheckpointJson,
  checkpointJson,
  parseCheckpointData,
} from './checkpoint';
import { AuditTrailError, ProofUnavailableError } from './errors';
import { readAuditFields } from './event-hash';
import { auditView } from './hash-chain';
import { inclusionRanges, type LeafRange, leafHash } from './merkle';
import { MerkleBuilder, RangeRootCollector } from './merkle-builder';
import { pagesOfAll } from './read-log';

/**
 * Everything an auditor needs to check, offline and with only the public key, that one event is
 * in the signed log: the event, its place in the tree, the audit path, and the signed checkpoint.
 * Plain JSON (bigints as decimal strings), as GET /audit/proof/:position serves it.
 */
export interface InclusionProof {
  readonly version: 1;
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly event: {
    readonly id: string;
    readonly stream: string;
    readonly revision: string;
    readonly position: string;
    readonly type: string;
    readonly data: JsonObject;
    readonly metadata: JsonObject;
  };
  /** The event's chained hash (metadata.audit.hash): the leaf's input. */
  readonly eventHash: string;
  /** Sibling subtree roots from the leaf up, hex. */
  readonly auditPath: readonly string[];
  readonly checkpoint: CheckpointJson;
}

export interface InclusionProofOptions {
  readonly pageSize?: number;
}

/**
 * The proof that the event at `position` is in the tree the latest checkpoint signs. Reads the log
 * once up to the checkpoint, keeping O(log n) hashes: the prefix's frontier supplies the left
 * siblings, the subtrees after the leaf are hashed as they stream past. Also recomputes the whole
 * root, so a log that no longer matches its checkpoint yields an AuditTrailError, not a bad proof.
 */
export async function inclusionProof(
  store: EventStore,
  position: bigint,
  options: InclusionProofOptions = {},
): Promise<InclusionProof> {
  const reader = auditView(store);
  const checkpoint = await latestCheckpoint(reader);
  if (position > checkpoint.lastPosition) {
    throw new ProofUnavailableError(
      `Position ${position} is after the latest checkpoint (up to position ${checkpoint.lastPosition}); ask again after the next one`,
    );
  }
  const builder = new ProofBuilder(position, checkpoint.treeSize);
  for await (const page of pagesOfAll(reader, checkpoint.lastPosition, options.pageSize ?? 1000)) {
    for (const event of page) builder.offer(event);
  }
  return builder.proof(checkpoint);
}

/** Follows the log once, collecting what the proof of one event needs. */
class ProofBuilder {
  private readonly tree = new MerkleBuilder();
  private found:
    | { event: RecordedEvent; leafIndex: number; ranges: LeafRange[]; left: Map<LeafRange, Buffer> }
    | undefined;
  private collector: RangeRootCollector | undefined;

  constructor(
    private readonly position: bigint,
    private readonly treeSize: number,
  ) {}

  offer(event: RecordedEvent): void {
    const leaf = leafHashOf(event);
    const index = this.tree.size;
    if (event.position === this.position && index < this.treeSize) {
      const ranges = inclusionRanges(index, this.treeSize);
      // Siblings left of the leaf are exactly the prefix's frontier, readable only now.
      const left = new Map(
        ranges.filter((r) => r.end <= index).map((r) => [r, this.tree.peakFor(r)!] as const),
      );
      this.found = { event, leafIndex: index, ranges, left };
      this.collector = new RangeRootCollector(ranges.filter((r) => r.start > index));
    }
    this.collector?.offer(index, leaf);
    this.tree.appendLeafHash(leaf);
  }

  proof(checkpoint: Checkpoint): InclusionProof {
    const { found, collector } = this;
    if (found === undefined || collector === undefined) {
      throw new ProofUnavailableError(`No event is stored at position ${this.position}`);
    }
    if (
      this.tree.size !== this.treeSize ||
      this.tree.root().toString('hex') !== checkpoint.rootHash
    ) {
      throw new AuditTrailError(
        `The log no longer matches the latest checkpoint (tree size ${this.treeSize}); run the verifier`,
      );
    }
    const auditPath = found.ranges.map((range) => {
      const hash = found.left.get(range) ?? collector.rootOf(range);
      if (hash === undefined)
        throw new AuditTrailError(`Leaves ${range.start}..${range.end - 1} were not all read`);
      return hash.toString('hex');
    });
    return proofOf(found.event, found.leafIndex, auditPath, checkpoint);
  }
}

function leafHashOf(event: RecordedEvent): Buffer {
  const audit = readAuditFields(event.metadata);
  if (!audit.ok)
    throw new AuditTrailError(
      `The event at position ${event.position}: ${audit.problem}`,
      event.position,
    );
  return leafHash(Buffer.from(audit.fields.hash, 'hex'));
}

function proofOf(
  event: RecordedEvent,
  leafIndex: number,
  auditPath: string[],
  checkpoint: Checkpoint,
): InclusionProof {
  const audit = readAuditFields(event.metadata);
  return {
    version: 1,
    leafIndex,
    treeSize: checkpoint.treeSize,
    event: {
      id: event.id,
      stream: event.stream,
      revision: event.revision.toString(),
      position: event.position.toString(),
      type: event.type,
      data: event.data,
      metadata: event.metadata,
    },
    eventHash: audit.ok ? audit.fields.hash : '',
    auditPath,
    checkpoint: checkpointJson(checkpoint),
  };
}

/** The checkpoint stream's last event, which must be a well-formed checkpoint. */
export async function latestCheckpoint(store: EventStore): Promise<Checkpoint> {
  let events: RecordedEvent[];
  try {
    events = await store.readStream(CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 1 });
  } catch (error) {
    if (error instanceof StreamNotFoundError)
      throw new ProofUnavailableError('No checkpoint has been signed yet');
    throw error;
  }
  const last = events[0];
  if (last === undefined) throw new ProofUnavailableError('No checkpoint has been signed yet');
  const parsed = parseCheckpointData(last.data);
  if (!parsed.ok)
    throw new AuditTrailError(
      `The latest checkpoint is malformed: ${parsed.problem}`,
      last.position,
    );
  return parsed.checkpoint;
}
