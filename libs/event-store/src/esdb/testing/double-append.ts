import {
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerReadableStream,
  status,
} from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import {
  AllStreamPosition,
  BadRequest as BadRequestDetails,
  WrongExpectedVersion as WrongExpectedVersionDetails,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import {
  type AppendReq,
  AppendResp,
  type BatchAppendReq,
  BatchAppendResp,
} from '@eventstore/db-client/generated/streams_pb';
import type { AppendOutcome, EventLog, ExpectedState, ProposedEvent } from './double-log';
import {
  appendExpectation,
  BadRequest,
  batchExpectation,
  empty,
  proposedEvent,
  streamIdentifier,
  streamName,
  uuidString,
} from './double-wire';

/**
 * Streams.Append (client-streaming: options, then one message per event) and
 * Streams.BatchAppend (bidirectional: chunks keyed by correlation id, the last one `is_final`).
 * As on EventStoreDB, a wrong expected version is an answer, not a gRPC error: inside
 * AppendResp for Append, inside the per-batch google.rpc.Status for BatchAppend.
 */
export class AppendHandler {
  constructor(private readonly log: EventLog) {}

  readonly append = (
    call: ServerReadableStream<AppendReq, AppendResp>,
    callback: sendUnaryData<AppendResp>,
  ): void => {
    let options: AppendReq.Options | undefined;
    const proposed: ProposedEvent[] = [];
    let invalid: string | undefined;
    call.on('data', (request: AppendReq) => {
      try {
        if (request.hasOptions()) options = request.getOptions();
        else proposed.push(proposedEvent(request.getProposedMessage()!));
      } catch (error) {
        invalid ??= error instanceof BadRequest ? error.message : String(error);
      }
    });
    call.on('end', () => {
      try {
        if (invalid !== undefined) throw new BadRequest(invalid);
        if (!options) throw new BadRequest('append options must come first');
        const expected = appendExpectation(options);
        const outcome = this.log.append(
          streamName(options.getStreamIdentifier()),
          expected,
          proposed,
        );
        callback(null, appendResponse(outcome, expected));
      } catch (error) {
        callback({
          code: status.INVALID_ARGUMENT,
          details: error instanceof Error ? error.message : String(error),
        });
      }
    });
  };

  readonly batchAppend = (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const pending = new Map<
      string,
      { options?: BatchAppendReq.Options; events: ProposedEvent[] }
    >();
    call.on('data', (request: BatchAppendReq) => {
      const correlationId = uuidString(request.getCorrelationId());
      const batch = pending.get(correlationId) ?? { events: [] };
      pending.set(correlationId, batch);
      batch.options ??= request.getOptions();
      if (!request.getIsFinal()) {
        batch.events.push(...safely(() => request.getProposedMessagesList().map(proposedEvent)));
        return;
      }
      pending.delete(correlationId);
      call.write(this.commitBatch(request, batch));
    });
    call.on('end', () => call.end());
  };

  private commitBatch(
    request: BatchAppendReq,
    batch: { options?: BatchAppendReq.Options; events: ProposedEvent[] },
  ): BatchAppendResp {
    const response = new BatchAppendResp().setCorrelationId(request.getCorrelationId());
    try {
      if (!batch.options) throw new BadRequest('the first chunk of a batch must carry its options');
      const stream = streamName(batch.options.getStreamIdentifier());
      response.setStreamIdentifier(streamIdentifier(stream));
      const expected = batchExpectation(batch.options);
      setBatchExpectation(response, expected);
      const events = [...batch.events, ...request.getProposedMessagesList().map(proposedEvent)];
      const outcome = this.log.append(stream, expected, events);
      if (outcome.kind === 'wrong_expected_version')
        return response.setError(wrongExpectedVersionStatus(outcome.current, expected));
      return response.setSuccess(batchSuccess(outcome));
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      const details = new Any();
      details.pack(
        new BadRequestDetails().setMessage(error.message).serializeBinary(),
        'event_store.client.BadRequest',
      );
      return response.setError(
        new Status().setCode(Code.INVALID_ARGUMENT).setMessage(error.message).setDetails(details),
      );
    }
  }
}

/** Invalid chunks are reported when the batch completes; meanwhile they contribute nothing. */
function safely(parse: () => ProposedEvent[]): ProposedEvent[] {
  try {
    return parse();
  } catch {
    return [];
  }
}

function appendResponse(outcome: AppendOutcome, expected: ExpectedState): AppendResp {
  if (outcome.kind === 'wrong_expected_version') {
    const wrong = new AppendResp.WrongExpectedVersion();
    if (outcome.current === undefined) wrong.setCurrentNoStream(empty.shared());
    else wrong.setCurrentRevision(outcome.current.toString());
    if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
    else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(empty.shared());
    else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(empty.shared());
    else wrong.setExpectedAny(empty.shared());
    return new AppendResp().setWrongExpectedVersion(wrong);
  }
  const success = new AppendResp.Success();
  if (outcome.currentRevision === undefined) success.setNoStream(empty.shared());
  else success.setCurrentRevision(outcome.currentRevision.toString());
  if (outcome.position === undefined) success.setNoPosition(empty.shared());
  else
    success.setPosition(
      new AppendResp.Position()
        .setCommitPosition(outcome.position.toString())
        .setPreparePosition(outcome.position.toString()),
    );
  return new AppendResp().setSuccess(success);
}

function batchSuccess(
  outcome: Extract<AppendOutcome, { kind: 'written' | 'idempotent' }>,
): BatchAppendResp.Success {
  const success = new BatchAppendResp.Success();
  if (outcome.currentRevision === undefined) success.setNoStream(empty.protobuf());
  else success.setCurrentRevision(outcome.currentRevision.toString());
  if (outcome.position === undefined) return success.setNoPosition(empty.protobuf());
  return success.setPosition(
    new AllStreamPosition()
      .setCommitPosition(outcome.position.toString())
      .setPreparePosition(outcome.position.toString()),
  );
}

function setBatchExpectation(response: BatchAppendResp, expected: ExpectedState): void {
  if (expected.kind === 'revision') response.setStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') response.setNoStream(empty.protobuf());
  else if (expected.kind === 'stream_exists') response.setStreamExists(empty.protobuf());
  else response.setAny(empty.protobuf());
}

function wrongExpectedVersionStatus(current: bigint | undefined, expected: ExpectedState): Status {
  const wrong = new WrongExpectedVersionDetails();
  if (current === undefined) wrong.setCurrentNoStream(empty.protobuf());
  else wrong.setCurrentStreamRevision(current.toString());
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(empty.protobuf());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(empty.protobuf());
  else wrong.setExpectedAny(empty.protobuf());
  const details = new Any();
  details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return new Status()
    .setCode(Code.FAILED_PRECONDITION)
    .setMessage('WrongExpectedVersion')
    .setDetails(details);
}
