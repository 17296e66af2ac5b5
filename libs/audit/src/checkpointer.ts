import { randomUUID } from 'node:crypto';
import {
  type EventStore,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@ledger/event-store';
import {
  CHECKPOINT_EVENT_TYPE,
  CHECKPOINT_STREAM,
  type Checkpoint,
  checkpointEventData,
  checkpointSignatureIsValid,
  parseCheckpointData,
  signCheckpoint,
} from './checkpoint';
import { AuditTrailError } from './errors';
import { readAuditFields } from './event-hash';
import { auditView, withHashChain } from './hash-chain';
import { MerkleBuilder } from './merkle-builder';
import type { SigningKey } from './signing-key';
import { pagesOfAll } from './read-log';

export interface CheckpointerOptions {
  readonly store: EventStore;
  readonly signingKey: SigningKey;
  /** The clock that dates checkpoints (signedAt) and times the interval. */
  readonly clock: () => Date;
  /** Checkpoint once this many events are not covered yet (default 1000). */
  readonly everyEvents?: number;
  /** …or once this long has passed since the last checkpoint and any event is not covered (default 5000 ms). */
  readonly everyMs?: number;
  /** How often start() looks for new events (default 250 ms). */
  readonly pollMs?: number;
  readonly pageSize?: number;
  /**
   * Runs before every signature (and before checkpointNow answers the latest one) with the
   * position it covers, e.g. to verify the log up to there: a rejection means no checkpoint.
   */
  readonly beforeSigning?: (lastPosition: bigint) => Promise<void>;
  /** Told of every checkpoint appended (e.g. to publish it to a witness); its failure is only reported. */
  readonly onSigned?: (checkpoint: Checkpoint) => Promise<void>;
  /** Where a failed background round is reported; start() keeps polling after it. */
  readonly onError?: (error: unknown) => void;
}

/** What the checkpointer knows: the tree over the log up to `lastPosition`. */
interface TreeState {
  readonly tree: MerkleBuilder;
  lastPosition: bigint | undefined;
  /** Events (other than checkpoints) in the tree but not covered by the latest checkpoint. */
  uncovered: number;
  latest: Checkpoint | undefined;
  /** The revision of the last event in the checkpoint stream: the next append's expected revision. */
  checkpointRevision: bigint | undefined;
}

/**
 * Appends a signed CheckpointSigned event every N events, every T ms, and on demand. It reads the
 * log ($all, a page at a time) into an incremental Merkle tree and resumes from the frontier saved
 * in its own latest checkpoint. Exactly one should run per ledger; a second one is harmless but
 * wasteful: each append pins the checkpoint stream's revision, so one of two racing checkpointers
 * fails, re-reads the stream and carries on from the other's checkpoint.
 */
export class Checkpointer {
  /** Appends go through the hash chain… */
  private readonly store: EventStore;
  /** …and reads see the audit fields. */
  private readonly reader: EventStore;
  private state: TreeState | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The interval runs from here until the first checkpoint. */
  private readonly createdAt: number;

  constructor(private readonly options: CheckpointerOptions) {
    this.store = withHashChain(options.store);
    this.reader = auditView(this.store);
    this.createdAt = options.clock().getTime();
  }

  /** Polls in the background until stop(). */
  start(): void {
    this.stopped = false;
    const poll = (): void => {
      this.timer = setTimeout(() => {
        this.tick()
          .catch((error: unknown) => this.options.onError?.(error))
          .finally(() => {
            if (!this.stopped) poll();
          });
      }, this.options.pollMs ?? 250);
      // Polling alone must not keep a process alive that is otherwise done.
      this.timer.unref();
    };
    poll();
  }

  /** Stops polling and waits for a round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.queue.catch(() => undefined);
  }

  /** Reads new events and checkpoints if N events or T ms have piled up. Returns the new checkpoint, if any. */
  tick(): Promise<Checkpoint | undefined> {
    return this.serialised(async () => {
      const state = await this.caughtUp();
      return this.isDue(state) ? this.appendCheckpoint(state) : undefined;
    });
  }

  /** A checkpoint covering everything in the log now; the latest one if nothing new was written since. */
  checkpointNow(): Promise<Checkpoint | undefined> {
    return this.serialised(async () => {
      const state = await this.caughtUp();
      if (state.uncovered > 0 || state.latest === undefined) return this.appendCheckpoint(state);
      // The latest checkpoint is answered as if signed now: it gets the same check first.
      if (state.lastPosition !== undefined) await this.options.beforeSigning?.(state.lastPosition);
      return state.latest;
    });
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private isDue(state: TreeState): boolean {
    if (state.uncovered === 0) return false;
    if (state.uncovered >= (this.options.everyEvents ?? 1000)) return true;
    const since = state.latest === undefined ? this.createdAt : Date.parse(state.latest.signedAt);
    const elapsed = this.options.clock().getTime() - since;
    return elapsed >= (this.options.everyMs ?? 5000);
  }

  private async appendCheckpoint(state: TreeState): Promise<Checkpoint | undefined> {
    if (state.lastPosition === undefined) return undefined;
    await this.options.beforeSigning?.(state.lastPosition);
    const { privateKey, keyId } = this.options.signingKey;
    const checkpoint = signCheckpoint(
      {
        treeSize: state.tree.size,
        rootHash: state.tree.root().toString('hex'),
        lastPosition: state.lastPosition,
        signedAt: this.options.clock().toISOString(),
        keyId,
      },
      privateKey,
    );
    const event = {
      id: randomUUID(),
      type: CHECKPOINT_EVENT_TYPE,
      data: checkpointEventData(checkpoint, state.tree.frontier()),
      metadata: { actor: 'audit-checkpointer' },
    };
    try {
      const result = await this.store.appendToStream(CHECKPOINT_STREAM, [event], {
        expectedRevision: state.checkpointRevision ?? 'no_stream',
      });
      Object.assign(state, {
        latest: checkpoint,
        uncovered: 0,
        checkpointRevision: result.nextExpectedRevision,
      });
      this.options.onSigned?.(checkpoint).catch((error: unknown) => this.options.onError?.(error));
      return checkpoint;
    } catch (error) {
      // Another checkpointer got there first: start again from its checkpoint next round.
      if (error instanceof WrongExpectedVersionError) this.state = undefined;
      throw error;
    }
  }

  private async caughtUp(): Promise<TreeState> {
    this.state ??= await this.resumed();
    const state = this.state;
    const head = await this.reader.headPosition();
    const after = state.lastPosition;
    if (after !== undefined && after >= head) return state;
    for await (const page of pagesOfAll(this.reader, head, this.options.pageSize ?? 1000, after)) {
      for (const event of page) {
        const audit = readAuditFields(event.metadata);
        if (!audit.ok) {
          throw new AuditTrailError(
            `Cannot checkpoint: the event at position ${event.position} ${audit.problem}`,
            event.position,
          );
        }
        state.tree.append(Buffer.from(audit.fields.hash, 'hex'));
        state.lastPosition = event.position;
        if (event.stream !== CHECKPOINT_STREAM) state.uncovered += 1;
      }
    }
    return state;
  }

  /** The tree as of this key's latest checkpoint (its saved frontier), or an empty one to rebuild from the start. */
  private async resumed(): Promise<TreeState> {
    const fresh: TreeState = {
      tree: new MerkleBuilder(),
      lastPosition: undefined,
      uncovered: 0,
      latest: undefined,
      checkpointRevision: undefined,
    };
    let last;
    try {
      [last] = await this.reader.readStream(CHECKPOINT_STREAM, {
        direction: 'backwards',
        maxCount: 1,
      });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return fresh;
      throw error;
    }
    if (last === undefined) return fresh;
    fresh.checkpointRevision = last.revision;
    const parsed = parseCheckpointData(last.data);
    if (!parsed.ok || !this.trusts(parsed.checkpoint)) return fresh;
    const { checkpoint, frontier } = parsed;
    const tree = frontierTree(checkpoint, frontier);
    if (tree === undefined) return fresh;
    // The events between the checkpoint's last leaf and now are read on the next catch-up.
    return {
      tree,
      lastPosition: checkpoint.lastPosition,
      uncovered: 0,
      latest: checkpoint,
      checkpointRevision: last.revision,
    };
  }

  private trusts(checkpoint: Checkpoint): boolean {
    const { keyId, publicKey } = this.options.signingKey;
    return checkpoint.keyId === keyId && checkpointSignatureIsValid(checkpoint, publicKey);
  }
}

/** The saved frontier, if it reproduces the signed root; otherwise the tree is rebuilt from the log. */
function frontierTree(
  checkpoint: Checkpoint,
  frontier: readonly Buffer[],
): MerkleBuilder | undefined {
  try {
    const tree = MerkleBuilder.fromFrontier(checkpoint.treeSize, frontier);
    return tree.root().toString('hex') === checkpoint.rootHash ? tree : undefined;
  } catch {
    return undefined;
  }
}
