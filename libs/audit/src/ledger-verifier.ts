import type { KeyObject } from 'node:crypto';
import type { RecordedEvent } from '@ledger/event-store';
import {
  CHECKPOINT_EVENT_TYPE,
  CHECKPOINT_STREAM,
  type Checkpoint,
  checkpointSignatureIsValid,
  parseCheckpointData,
} from './checkpoint';
import { CanonicalJsonError } from './errors';
import { type AuditFields, eventHash, GENESIS_HASH, readAuditFields } from './event-hash';
import { MerkleBuilder } from './merkle-builder';

/** What failed, in the order the verifier tries them on each event. */
export type VerificationCheck =
  | 'position_order'
  | 'missing_audit'
  | 'revision_gap'
  | 'chain'
  | 'hash'
  | 'checkpoint_format'
  | 'checkpoint_key'
  | 'checkpoint_signature'
  | 'checkpoint_order'
  | 'checkpoint_root'
  /** A recording time goes back in global order, is in the future, or is outside its checkpoints' signing times. */
  | 'recorded_at'
  /** The store cannot even read the event back: its bytes were altered (stream and revision unknown). */
  | 'unreadable';

export interface VerificationFailure {
  /** The global position where the evidence was found: the first event the log cannot account for. */
  readonly position: bigint;
  readonly stream: string;
  readonly revision: bigint;
  readonly check: VerificationCheck;
  readonly detail: string;
}

/** A failure as JSON (API answers, the CLI's report): positions and revisions as decimal strings (64-bit). */
export type VerificationFailureJson = {
  readonly position: string;
  readonly stream: string;
  readonly revision: string;
  readonly check: string;
  readonly detail: string;
};

export function verificationFailureJson(failure: VerificationFailure): VerificationFailureJson {
  const { position, stream, revision, check, detail } = failure;
  return { position: position.toString(), stream, revision: revision.toString(), check, detail };
}

export interface StreamTip {
  readonly revision: bigint;
  readonly hash: string;
}

/** The tree as it stood at a size some checkpoint signs: its root, and the position and recording time of its last leaf. */
interface TreeAtSize {
  readonly root: string;
  readonly lastPosition: bigint;
  readonly recordedAt: number;
}

/**
 * The clock difference tolerated by default between the store, the checkpointer and the verifier
 * (one host, or hosts kept in step by NTP): a minute.
 */
export const DEFAULT_CLOCK_SKEW_MS = 60_000;

/** Bounds as of now, with the default tolerance: what `ledger verify` and the API use. */
export function recordingTimeBoundsNow(skewMs = DEFAULT_CLOCK_SKEW_MS): RecordingTimeBounds {
  return { now: new Date(), skewMs };
}

/**
 * How far recording times (the store's clock) may stray from signing times (the checkpointer's
 * clock) and from the verifier's own clock. Without it only their order is checked.
 */
export interface RecordingTimeBounds {
  /** The verifier's clock: no event can have been recorded after it (+ skewMs). */
  readonly now: Date;
  /** The tolerated difference between the clocks, in ms. */
  readonly skewMs: number;
}

/**
 * What a verifier knows right after a checkpoint it verified: enough to go on from there with the
 * events appended since, without reading the history again (see `IncrementalVerification`).
 */
export interface VerifierState {
  readonly tips: ReadonlyMap<string, StreamTip>;
  readonly treeSize: number;
  readonly frontier: readonly Buffer[];
  readonly lastPosition: bigint;
  readonly lastRecordedAt: number;
  readonly checkpoints: number;
  readonly latest: CheckpointSeen;
  /** The latest checkpoint's revision in the checkpoint stream: later checkpoints are read from the next one. */
  readonly checkpointRevision: bigint;
}

export interface CheckpointSeen extends Checkpoint {
  /** Where the checkpoint event itself sits in the log. */
  readonly position: bigint;
}

/**
 * Checks a log one event at a time, in global order, keeping only what the checks need: the tip
 * of every stream, the tree's frontier, and the roots at the sizes checkpoints sign (known in
 * advance from the checkpoint stream, since a checkpoint is appended after the events it covers,
 * by which time the tree has grown past them).
 */
export class LedgerVerifier {
  private readonly tips: Map<string, StreamTip>;
  private readonly tree: MerkleBuilder;
  private readonly treeAtSize = new Map<number, TreeAtSize>();
  private lastPosition: bigint | undefined;
  private lastRecordedAt: number | undefined;
  private checkpoints = 0;
  private latest: CheckpointSeen | undefined;

  /** `from`: go on after a checkpoint an earlier run verified (its state, which is not changed). */
  constructor(
    private readonly trustedKeys: ReadonlyMap<string, KeyObject>,
    private readonly signedSizes: ReadonlySet<number>,
    private readonly bounds?: RecordingTimeBounds,
    from?: VerifierState,
  ) {
    this.tips = new Map(from?.tips);
    this.tree = from
      ? MerkleBuilder.fromFrontier(from.treeSize, from.frontier)
      : new MerkleBuilder();
    if (from === undefined) return;
    this.lastPosition = from.lastPosition;
    this.lastRecordedAt = from.lastRecordedAt;
    this.checkpoints = from.checkpoints;
    this.latest = from.latest;
    // A later checkpoint may sign the latest one's size again, or the tree as it stood right
    // after the latest checkpoint (nothing new but the checkpoint itself): keep both roots.
    const { treeSize, rootHash, lastPosition } = from.latest;
    this.treeAtSize.set(treeSize, { root: rootHash, lastPosition, recordedAt: -Infinity });
    this.treeAtSize.set(from.treeSize, {
      root: this.tree.root().toString('hex'),
      lastPosition: from.lastPosition,
      recordedAt: from.lastRecordedAt,
    });
  }

  /** The state to go on from, right after the latest checkpoint (undefined unless it was the last event checked). */
  stateAtCheckpoint(checkpointRevision: bigint): VerifierState | undefined {
    const latest = this.latest;
    if (latest === undefined || latest.position !== this.lastPosition) return undefined;
    return {
      tips: new Map(this.tips),
      treeSize: this.tree.size,
      frontier: this.tree.frontier(),
      lastPosition: latest.position,
      lastRecordedAt: this.lastRecordedAt ?? 0,
      checkpoints: this.checkpoints,
      latest,
      checkpointRevision,
    };
  }

  get eventsChecked(): number {
    return this.tree.size;
  }

  /** The position of the last event that passed, undefined before the first. */
  get lastPositionChecked(): bigint | undefined {
    return this.lastPosition;
  }

  get checkpointsChecked(): number {
    return this.checkpoints;
  }

  get latestCheckpoint(): CheckpointSeen | undefined {
    return this.latest;
  }

  /** Checks the next event of the log; a failure means the log is not what was written and signed. */
  check(event: RecordedEvent): VerificationFailure | undefined {
    const fail = (check: VerificationCheck, detail: string): VerificationFailure => ({
      position: event.position,
      stream: event.stream,
      revision: event.revision,
      check,
      detail,
    });
    if (this.lastPosition !== undefined && event.position <= this.lastPosition) {
      return fail(
        'position_order',
        `position ${event.position} does not follow position ${this.lastPosition}`,
      );
    }
    const audit = readAuditFields(event.metadata);
    if (!audit.ok) return fail('missing_audit', audit.problem);
    const problem =
      this.checkChain(event, audit.fields) ??
      this.checkRecordingTime(event) ??
      this.checkCheckpoint(event);
    if (problem) return fail(problem.check, problem.detail);
    this.tips.set(event.stream, { revision: event.revision, hash: audit.fields.hash });
    this.lastPosition = event.position;
    this.lastRecordedAt = event.recordedAt.getTime();
    this.tree.append(Buffer.from(audit.fields.hash, 'hex'));
    if (this.signedSizes.has(this.tree.size)) {
      this.treeAtSize.set(this.tree.size, {
        root: this.tree.root().toString('hex'),
        lastPosition: event.position,
        recordedAt: event.recordedAt.getTime(),
      });
    }
    return undefined;
  }

  /**
   * Recording times are not hashed (the store sets them after the hash is computed), so they are
   * pinned by order instead: never decreasing in global order, never after the verifier's clock,
   * and (with bounds) within the signing times of the checkpoints around them.
   */
  private checkRecordingTime(event: RecordedEvent): Problem | undefined {
    const at = event.recordedAt.getTime();
    const problem = (detail: string): Problem => ({
      check: 'recorded_at',
      detail: `recorded at ${iso(at)}, ${detail}: a recording time was rewritten`,
    });
    if (this.lastRecordedAt !== undefined && at < this.lastRecordedAt)
      return problem(`before the previous event in global order (${iso(this.lastRecordedAt)})`);
    if (this.bounds === undefined) return undefined;
    const { now, skewMs } = this.bounds;
    if (at > now.getTime() + skewMs)
      return problem(`after the verification (${now.toISOString()})`);
    const signedBefore = this.latest ? Date.parse(this.latest.signedAt) : undefined;
    if (signedBefore !== undefined && at < signedBefore - skewMs)
      return problem(`before the checkpoint it follows was signed (${this.latest?.signedAt})`);
    return undefined;
  }

  /** The event's place in its stream: the next revision, chained to the previous event's hash. */
  private checkChain(event: RecordedEvent, audit: AuditFields): Problem | undefined {
    const tip = this.tips.get(event.stream);
    const expected = tip === undefined ? 0n : tip.revision + 1n;
    if (event.revision > expected) {
      const missing = event.revision - expected;
      const from = tip === undefined ? 'its start' : `revision ${tip.revision}`;
      return {
        check: 'revision_gap',
        detail: `stream "${event.stream}" goes from ${from} to revision ${event.revision}: ${missing} event(s) missing before it`,
      };
    }
    if (event.revision < expected) {
      return {
        check: 'revision_gap',
        detail: `stream "${event.stream}" revision ${event.revision} comes after revision ${expected - 1n}: repeated or out of order`,
      };
    }
    const expectedPrev = tip?.hash ?? GENESIS_HASH;
    if (audit.prevHash !== expectedPrev) {
      return {
        check: 'chain',
        detail: `prevHash ${audit.prevHash} is not the hash of the stream's previous event (${expectedPrev})`,
      };
    }
    return checkContent(event, audit);
  }

  private checkCheckpoint(event: RecordedEvent): Problem | undefined {
    if (event.stream !== CHECKPOINT_STREAM || event.type !== CHECKPOINT_EVENT_TYPE)
      return undefined;
    const parsed = parseCheckpointData(event.data);
    if (!parsed.ok) return { check: 'checkpoint_format', detail: parsed.problem };
    const checkpoint = parsed.checkpoint;
    const key = this.trustedKeys.get(checkpoint.keyId);
    if (key === undefined)
      return {
        check: 'checkpoint_key',
        detail: `signed by key ${checkpoint.keyId}, which is not trusted`,
      };
    if (!checkpointSignatureIsValid(checkpoint, key)) {
      return {
        check: 'checkpoint_signature',
        detail: `the signature does not match the checkpoint of tree size ${checkpoint.treeSize}`,
      };
    }
    if (this.latest !== undefined && checkpoint.treeSize < this.latest.treeSize) {
      return {
        check: 'checkpoint_order',
        detail: `tree size ${checkpoint.treeSize} is below the previous checkpoint's ${this.latest.treeSize}`,
      };
    }
    const problem = this.checkSignedRoot(checkpoint) ?? this.checkSignedBefore(event, checkpoint);
    if (problem) return problem;
    this.checkpoints += 1;
    this.latest = { ...checkpoint, position: event.position };
    return undefined;
  }

  /** A checkpoint is appended after it is signed. */
  private checkSignedBefore(event: RecordedEvent, checkpoint: Checkpoint): Problem | undefined {
    const at = event.recordedAt.getTime();
    if (this.bounds === undefined || at >= Date.parse(checkpoint.signedAt) - this.bounds.skewMs)
      return undefined;
    return {
      check: 'recorded_at',
      detail: `recorded at ${iso(at)}, before it was signed (${checkpoint.signedAt}): a recording time was rewritten`,
    };
  }

  private checkSignedRoot(checkpoint: Checkpoint): Problem | undefined {
    const { treeSize } = checkpoint;
    if (treeSize > this.tree.size) {
      return {
        check: 'checkpoint_root',
        detail: `signs ${treeSize} events, but only ${this.tree.size} precede it: events were deleted`,
      };
    }
    const atSize = this.treeAtSize.get(treeSize);
    if (atSize === undefined)
      return {
        check: 'checkpoint_root',
        detail: `tree size ${treeSize} was not announced by the checkpoint stream`,
      };
    const since = this.latest
      ? `after the checkpoint of ${this.latest.treeSize} events (position ${this.latest.lastPosition})`
      : 'from the start';
    if (atSize.root !== checkpoint.rootHash) {
      return {
        check: 'checkpoint_root',
        detail: `the first ${treeSize} events hash to root ${atSize.root}, not to the signed ${checkpoint.rootHash}: an event ${since} up to position ${atSize.lastPosition} was deleted, inserted, reordered or re-hashed`,
      };
    }
    if (atSize.lastPosition !== checkpoint.lastPosition) {
      return {
        check: 'checkpoint_root',
        detail: `signs lastPosition ${checkpoint.lastPosition}, but event #${treeSize} is at position ${atSize.lastPosition}`,
      };
    }
    const signedAt = Date.parse(checkpoint.signedAt);
    if (this.bounds !== undefined && atSize.recordedAt > signedAt + this.bounds.skewMs) {
      return {
        check: 'recorded_at',
        detail: `event #${treeSize} (position ${atSize.lastPosition}) is recorded at ${iso(atSize.recordedAt)}, after the checkpoint covering it was signed (${checkpoint.signedAt}): a recording time was rewritten`,
      };
    }
    return undefined;
  }
}

/** The event's content against its recorded hash. */
function checkContent(event: RecordedEvent, audit: AuditFields): Problem | undefined {
  let actual: string;
  try {
    actual = eventHash(event, audit.prevHash);
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    return { check: 'hash', detail: `the event cannot be canonicalised: ${error.message}` };
  }
  if (actual === audit.hash) return undefined;
  return {
    check: 'hash',
    detail: `the content hashes to ${actual}, not to the recorded ${audit.hash}: the event was altered`,
  };
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

interface Problem {
  readonly check: VerificationCheck;
  readonly detail: string;
}
