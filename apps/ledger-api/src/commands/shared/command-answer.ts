/** The ids a command names (given by the client or generated), returned in its answer. */
export type AnswerIds = Readonly<Record<string, string>>;

/** What a successful command answers: 64-bit numbers as decimal strings, since JSON numbers lose them. */
export interface Written {
  readonly events: readonly { readonly id: string; readonly type: string }[];
  /** The revision of the stream's last event the command wrote. */
  readonly streamRevision: string;
  /** The global position of the last event the command wrote. */
  readonly position: string;
}

/** The ids first (agreementId, claimId…), then what was written. */
export type CommandAnswer = Written & { readonly [id: string]: unknown };

/**
 * A handler's result: the answer, and whether it replays an earlier attempt with the same
 * Idempotency-Key (then the body is the first answer, unchanged, and a header says so).
 */
export class CommandOutcome {
  constructor(
    readonly answer: CommandAnswer,
    readonly replayed: boolean,
    readonly correlationId: string,
  ) {}
}

export function writtenOf(
  events: readonly { readonly id: string; readonly type: string }[],
  revision: bigint,
  position: bigint,
): Written {
  return {
    events: events.map(({ id, type }) => ({ id, type })),
    streamRevision: revision.toString(),
    position: position.toString(),
  };
}
