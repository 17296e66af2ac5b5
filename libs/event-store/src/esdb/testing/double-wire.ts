import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import {
  type AppendReq,
  type BatchAppendReq,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
import type { ExpectedState, ProposedEvent, StoredEvent } from './double-log';

/**
 * Translation between the protobuf messages the client package ships and the double's log.
 * Wire facts: 64-bit numbers travel as decimal strings, ids as UUID strings, stream names as
 * UTF-8 bytes, event type / content type / created in the metadata map.
 */

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A request the double refuses as EventStoreDB would, with INVALID_ARGUMENT. */
export class BadRequest extends Error {}

export type StartAt = 'start' | 'end' | bigint;

export interface LogFilter {
  readonly on: 'stream' | 'event_type';
  readonly prefixes: readonly string[];
  readonly regex?: RegExp;
  /** Considered events between two checkpoints (window × multiplier). */
  readonly checkpointEvery: number;
}

export interface ReadRequest {
  readonly target: { readonly stream: string } | 'all';
  readonly from: StartAt;
  readonly backwards: boolean;
  /** undefined for a subscription. */
  readonly count?: bigint;
  readonly filter?: LogFilter;
}

/** EventStoreDB's default filter search window when the client asks for none. */
const DEFAULT_WINDOW = 32;

export function streamName(identifier: StreamIdentifier | undefined): string {
  const name = identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
  if (name === '') throw new BadRequest('a stream name is required');
  return name;
}

export function streamIdentifier(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(name, 'utf8')));
}

export function uuidString(uuid: UUID | undefined): string {
  const id = uuid?.hasString() ? uuid.getString() : '';
  if (!UUID_PATTERN.test(id)) throw new BadRequest(`"${id}" is not a valid UUID`);
  return id.toLowerCase();
}

export function parseReadRequest(request: ReadReq): ReadRequest {
  const options = request.getOptions();
  if (!options) throw new BadRequest('read options are required');
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  const count = options.hasCount() ? BigInt(options.getCount()) : undefined;
  const filter = options.hasFilter() ? parseFilter(options.getFilter()!) : undefined;
  if (!options.hasSubscription() && count === undefined)
    throw new BadRequest('either a count or a subscription is required');
  const stream = options.getStream();
  if (stream)
    return {
      target: { stream: streamName(stream.getStreamIdentifier()) },
      from: streamStart(stream),
      backwards,
      count,
      filter,
    };
  const all = options.getAll();
  if (!all) throw new BadRequest('a stream or $all is required');
  return { target: 'all', from: allStart(all), backwards, count, filter };
}

function streamStart(options: ReadReq.Options.StreamOptions): StartAt {
  if (options.hasRevision()) return BigInt(options.getRevision());
  return options.hasEnd() ? 'end' : 'start';
}

function allStart(options: ReadReq.Options.AllOptions): StartAt {
  const position = options.getPosition();
  if (position) return BigInt(position.getCommitPosition());
  return options.hasEnd() ? 'end' : 'start';
}

function parseFilter(filter: ReadReq.Options.FilterOptions): LogFilter {
  const expression = filter.getStreamIdentifier() ?? filter.getEventType();
  if (!expression) throw new BadRequest('a filter needs a stream or event type expression');
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_WINDOW;
  const source = expression.getRegex();
  return {
    on: filter.hasStreamIdentifier() ? 'stream' : 'event_type',
    prefixes: expression.getPrefixList(),
    regex: source === '' ? undefined : new RegExp(source),
    checkpointEvery: Math.max(1, window * Math.max(1, filter.getCheckpointintervalmultiplier())),
  };
}

export function matchesFilter(filter: LogFilter | undefined, event: StoredEvent): boolean {
  if (!filter) return true;
  const subject = filter.on === 'stream' ? event.stream : event.type;
  if (filter.regex) return filter.regex.test(subject);
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
}

export function appendExpectation(options: AppendReq.Options): ExpectedState {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

export function batchExpectation(options: BatchAppendReq.Options): ExpectedState {
  if (options.hasStreamPosition())
    return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

export function proposedEvent(
  message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage,
): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type') ?? '';
  const contentType = metadata.get('content-type') ?? '';
  if (type === '') throw new BadRequest('an event type is required');
  if (contentType !== 'application/json' && contentType !== 'application/octet-stream') {
    throw new BadRequest(`unsupported content type "${contentType}"`);
  }
  return {
    id: uuidString(message.getId()),
    type,
    contentType,
    data: Buffer.from(message.getData_asU8()),
    metadata: Buffer.from(message.getCustomMetadata_asU8()),
  };
}

export function eventResponse(event: StoredEvent): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(event.id))
    .setStreamIdentifier(streamIdentifier(event.stream))
    .setStreamRevision(event.revision.toString())
    .setPreparePosition(event.position.toString())
    .setCommitPosition(event.position.toString())
    .setData(Uint8Array.from(event.data))
    .setCustomMetadata(Uint8Array.from(event.metadata));
  const map = recorded.getMetadataMap();
  map.set('type', event.type);
  map.set('content-type', event.contentType);
  map.set('created', event.created.toString());
  const readEvent = new ReadResp.ReadEvent()
    .setEvent(recorded)
    .setCommitPosition(event.position.toString());
  return new ReadResp().setEvent(readEvent);
}

export function confirmationResponse(subscriptionId: string): ReadResp {
  return new ReadResp().setConfirmation(
    new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId),
  );
}

export function checkpointResponse(position: bigint): ReadResp {
  const checkpoint = new ReadResp.Checkpoint()
    .setCommitPosition(position.toString())
    .setPreparePosition(position.toString());
  return new ReadResp().setCheckpoint(checkpoint);
}

export function caughtUpResponse(): ReadResp {
  return new ReadResp().setCaughtUp(new ReadResp.CaughtUp());
}

export function streamNotFoundResponse(stream: string): ReadResp {
  return new ReadResp().setStreamNotFound(
    new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(stream)),
  );
}

/** `Empty` of either copy: the client mixes shared.Empty and google.protobuf.Empty in one oneof. */
export const empty = {
  shared: (): Empty => new Empty(),
  protobuf: (): ProtobufEmpty => new ProtobufEmpty(),
};
