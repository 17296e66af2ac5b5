import type { KeyObject } from 'node:crypto';
import { type EventStore, type RecordedEvent, StreamNotFoundError } from '@ledger/event-store';
import { auditView } from './hash-chain';
import { CHECKPOINT_EVENT_TYPE, CHECKPOINT_STREAM, parseCheckpointData } from './checkpoint';
import { type CheckpointSeen, LedgerVerifier, type VerificationFailure } from './ledger-verifier';
import { pagesOfAll } from './read-log';
import { keyIdOf, publicKeyFromPem } from './signing-key';

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
  const pageSize = options.pageSize ?? 1000;
  const reader = auditView(store);
  const headPosition = await reader.headPosition();
  const signedSizes = await readSignedTreeSizes(reader, headPosition, pageSize);
  const verifier = new LedgerVerifier(trustedKeyMap(trustedKeys), signedSizes);
  let firstFailure: VerificationFailure | undefined;
  for await (const page of pagesOfAll(reader, headPosition, pageSize)) {
    for (const event of page) {
      firstFailure = verifier.check(event);
      if (firstFailure) break;
    }
    const last = page.at(-1);
    if (last)
      options.onProgress?.({
        eventsChecked: verifier.eventsChecked,
        position: last.position,
        headPosition,
      });
    if (firstFailure) break;
  }
  return reportOf(verifier, headPosition, firstFailure);
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

/** The tree sizes the checkpoints up to `headPosition` sign: the sizes whose roots the scan must keep. */
async function readSignedTreeSizes(
  store: EventStore,
  headPosition: bigint,
  pageSize: number,
): Promise<Set<number>> {
  const sizes = new Set<number>();
  let from = 0n;
  for (;;) {
    let page: RecordedEvent[];
    try {
      page = await store.readStream(CHECKPOINT_STREAM, { fromRevision: from, maxCount: pageSize });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return sizes;
      throw error;
    }
    for (const event of page) {
      if (event.position > headPosition || event.type !== CHECKPOINT_EVENT_TYPE) continue;
      const parsed = parseCheckpointData(event.data);
      if (parsed.ok) sizes.add(parsed.checkpoint.treeSize);
    }
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) return sizes;
    from = last.revision + 1n;
  }
}
