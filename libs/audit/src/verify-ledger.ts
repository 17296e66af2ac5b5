import type { KeyObject } from 'node:crypto';
import {
  type EventStore,
  type RecordedEvent,
  StoreUnavailableError,
  StreamNotFoundError,
} from '@ledger/event-store';
import { auditView } from './hash-chain';
import { CHECKPOINT_EVENT_TYPE, CHECKPOINT_STREAM, parseCheckpointData } from './checkpoint';
import { type CheckpointSeen, LedgerVerifier, type VerificationFailure } from './ledger-verifier';
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
  try {
    for await (const page of pagesOfAll(reader, headPosition, pageSize)) {
      firstFailure = checkPage(verifier, page);
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
  return reportOf(verifier, headPosition, firstFailure);
}

function checkPage(
  verifier: LedgerVerifier,
  page: readonly RecordedEvent[],
): VerificationFailure | undefined {
  for (const event of page) {
    const failure = verifier.check(event);
    if (failure) return failure;
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

/** The tree sizes the checkpoints up to `headPosition` sign: the sizes whose roots the scan must keep. */
async function readSignedTreeSizes(
  store: EventStore,
  headPosition: bigint,
  pageSize: number,
): Promise<Set<number>> {
  const sizes = new Set<number>();
  let from: bigint | undefined = 0n;
  while (from !== undefined) {
    const page = await checkpointPage(store, from, pageSize);
    for (const event of page.events) {
      if (event.position > headPosition || event.type !== CHECKPOINT_EVENT_TYPE) continue;
      const parsed = parseCheckpointData(event.data);
      if (parsed.ok) sizes.add(parsed.checkpoint.treeSize);
    }
    from = page.next;
  }
  return sizes;
}

/** A page of the checkpoint stream, and where the next one starts (undefined at the end). */
async function checkpointPage(
  store: EventStore,
  from: bigint,
  pageSize: number,
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
    // others in its page are read one by one around it.
    return { events: await readAround(store, from, pageSize), next: from + BigInt(pageSize) };
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
