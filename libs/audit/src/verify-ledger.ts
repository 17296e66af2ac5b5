import type { KeyObject } from 'node:crypto';
import {
  type EventStore,
  type RecordedEvent,
  StoreUnavailableError,
  StreamNotFoundError,
} from '@ledger/event-store';
import { auditView } from './hash-chain';
import { CHECKPOINT_EVENT_TYPE, CHECKPOINT_STREAM, parseCheckpointData } from './checkpoint';
import {
  type CheckpointSeen,
  LedgerVerifier,
  type RecordingTimeBounds,
  type VerificationFailure,
  type VerifierState,
} from './ledger-verifier';
import { pagesOfAll } from './read-log';
import { keyIdOf, publicKeyFromPem } from './signing-key';
import { checkOneByOne } from './unreadable-event';

export interface VerificationProgress {
  readonly eventsChecked: number;
  readonly position: bigint;
  readonly headPosition: bigint;
}

export interface VerifyOptions {
  /** Called after every page, e.g. to draw a progress bar. */
  readonly onProgress?: (progress: VerificationProgress) => void;
  /** Events read per page (default 1000): memory stays bounded by a page, whatever the log's length. */
  readonly pageSize?: number;
  /** Also bound recording times by the checkpoints' signing times and the verifier's clock. */
  readonly recordingTimes?: RecordingTimeBounds;
}

export interface VerificationReport {
  readonly ok: boolean;
  /** The head when verification started; later appends are left for the next run. */
  readonly headPosition: bigint;
  readonly eventsChecked: number;
  readonly checkpointsChecked: number;
  readonly latestCheckpoint?: CheckpointSeen;
  /**
   * Events after the latest checkpoint's tree: hashed and chained, but no signature covers them
   * yet, so their deletion from the end of the log could not be noticed. 0 when all are covered.
   */
  readonly eventsAfterLatestCheckpoint: number;
  readonly firstFailure?: VerificationFailure;
}

/** Public keys the checkpoints may be signed with: KeyObjects or SPKI PEMs. */
export type TrustedKeys = KeyObject | string | readonly (KeyObject | string)[];

export function trustedKeyMap(keys: TrustedKeys): Map<string, KeyObject> {
  const list = Array.isArray(keys)
    ? (keys as readonly (KeyObject | string)[])
    : [keys as KeyObject | string];
  const map = new Map<string, KeyObject>();
  for (const key of list) {
    const keyObject = typeof key === 'string' ? publicKeyFromPem(key) : key;
    map.set(keyIdOf(keyObject), keyObject);
  }
  return map;
}

/**
 * Recomputes every event hash, every stream's chain, the Merkle tree over the whole log and every
 * checkpoint's root and signature, reading $all a page at a time. Stops at the first failure:
 * everything after it would only repeat the same damage.
 */
export async function verifyLedger(
  store: EventStore,
  trustedKeys: TrustedKeys,
  options: VerifyOptions = {},
): Promise<VerificationReport> {
  return (await verifyLedgerFrom(store, trustedKeyMap(trustedKeys), undefined, options)).report;
}

/**
 * verifyLedger going on from the state right after a checkpoint an earlier run verified (from the
 * start without one); also answers the state after the latest checkpoint this run verified.
 */
export async function verifyLedgerFrom(
  store: EventStore,
  trustedKeys: ReadonlyMap<string, KeyObject>,
  from: VerifierState | undefined,
  options: VerifyOptions = {},
): Promise<{ report: VerificationReport; state: VerifierState | undefined }> {
  const pageSize = options.pageSize ?? 1000;
  const reader = auditView(store);
  const headPosition = await reader.headPosition();
  const signed = await readSignedTreeSizes(
    reader,
    headPosition,
    pageSize,
    from ? from.checkpointRevision + 1n : 0n,
  );
  const verifier = new LedgerVerifier(trustedKeys, signed.sizes, options.recordingTimes, from);
  let state = from;
  const keepState = (): void => {
    if (signed.last !== undefined)
      state = verifier.stateAtCheckpoint(signed.last.revision) ?? state;
  };
  let firstFailure: VerificationFailure | undefined;
  try {
    for await (const page of pagesOfAll(reader, headPosition, pageSize, from?.lastPosition)) {
      firstFailure = checkPage(verifier, page, signed.last?.position, keepState);
      const last = page.at(-1);
      if (last)
        options.onProgress?.({
          eventsChecked: verifier.eventsChecked,
          position: last.position,
          headPosition,
        });
      if (firstFailure) break;
    }
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
    firstFailure = await checkOneByOne(reader, verifier, headPosition, error, pageSize * 2 + 10);
  }
  return { report: reportOf(verifier, headPosition, firstFailure), state };
}

/** Checks a page; `atCheckpoint` runs right after the event at `checkpointPosition` passed. */
function checkPage(
  verifier: LedgerVerifier,
  page: readonly RecordedEvent[],
  checkpointPosition: bigint | undefined,
  atCheckpoint: () => void,
): VerificationFailure | undefined {
  for (const event of page) {
    const failure = verifier.check(event);
    if (failure) return failure;
    if (event.position === checkpointPosition) atCheckpoint();
  }
  return undefined;
}

function reportOf(
  verifier: LedgerVerifier,
  headPosition: bigint,
  firstFailure: VerificationFailure | undefined,
): VerificationReport {
  const latest = verifier.latestCheckpoint;
  return {
    ok: firstFailure === undefined,
    headPosition,
    eventsChecked: verifier.eventsChecked,
    checkpointsChecked: verifier.checkpointsChecked,
    ...(latest ? { latestCheckpoint: latest } : {}),
    eventsAfterLatestCheckpoint: verifier.eventsChecked - (latest?.treeSize ?? 0),
    ...(firstFailure ? { firstFailure } : {}),
  };
}

interface SignedSizes {
  /** The tree sizes the checkpoints sign: the sizes whose roots the scan must keep. */
  readonly sizes: Set<number>;
  /** The last checkpoint event up to the head: where the next run can go on from. */
  readonly last?: { readonly position: bigint; readonly revision: bigint };
}

/** The checkpoints from revision `from` up to `headPosition`. */
async function readSignedTreeSizes(
  store: EventStore,
  headPosition: bigint,
  pageSize: number,
  fromRevision: bigint,
): Promise<SignedSizes> {
  const sizes = new Set<number>();
  let last: SignedSizes['last'];
  let from: bigint | undefined = fromRevision;
  while (from !== undefined) {
    const page = await checkpointPage(store, from, pageSize, headPosition);
    for (const event of page.events) {
      if (event.position > headPosition || event.type !== CHECKPOINT_EVENT_TYPE) continue;
      const parsed = parseCheckpointData(event.data);
      if (parsed.ok) sizes.add(parsed.checkpoint.treeSize);
      last = { position: event.position, revision: event.revision };
    }
    from = page.next;
  }
  return { sizes, ...(last ? { last } : {}) };
}

/** A page of the checkpoint stream, and where the next one starts (undefined at the end). */
async function checkpointPage(
  store: EventStore,
  from: bigint,
  pageSize: number,
  headPosition: bigint,
): Promise<{ events: RecordedEvent[]; next?: bigint }> {
  try {
    const events = await store.readStream(CHECKPOINT_STREAM, {
      fromRevision: from,
      maxCount: pageSize,
    });
    const last = events.at(-1);
    return last === undefined || events.length < pageSize
      ? { events }
      : { events, next: last.revision + 1n };
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
    if (error instanceof StreamNotFoundError) return { events: [] };
    // A checkpoint that cannot be read back is reported where the scan of $all reaches it; the
    // others in its page are read one by one around it. The stream's revision r is at least the
    // (r+1)-th event of the log, so no revision past the head's position can be there: the
    // search ends even on a store whose every read fails.
    const events = await readAround(store, from, pageSize);
    const next = from + BigInt(pageSize);
    return next <= headPosition ? { events, next } : { events };
  }
}

async function readAround(
  store: EventStore,
  from: bigint,
  count: number,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let revision = from; revision < from + BigInt(count); revision++) {
    try {
      const [event] = await store.readStream(CHECKPOINT_STREAM, {
        fromRevision: revision,
        maxCount: 1,
      });
      if (event === undefined) break;
      events.push(event);
      revision = event.revision;
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
    }
  }
  return events;
}
