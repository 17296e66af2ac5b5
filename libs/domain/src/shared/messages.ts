/** The schema version every event of this catalogue carries; bump it per event type when its data changes. */
export const SCHEMA_VERSION = 1 as const;
export type SchemaVersion = typeof SCHEMA_VERSION;

/**
 * An event as the domain sees it: an explicit, stable, past-tense type name, its schema version
 * and JSON-serialisable data (ISO strings for times, numbers for counts, optional fields omitted
 * rather than undefined).
 */
export interface DomainEvent<Type extends string, Data> {
  readonly type: Type;
  readonly schemaVersion: SchemaVersion;
  readonly data: Data;
}

/** Whatever a decision needs from outside the domain: the clock, passed in by the caller. */
export interface CommandMetadata {
  /** The recorder's clock when the command was issued, an ISO-8601 instant. */
  readonly now: string;
}

export interface DomainCommand<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

export function domainEvent<Type extends string, Data>(
  type: Type,
  data: Data,
): DomainEvent<Type, Data> {
  return { type, schemaVersion: SCHEMA_VERSION, data };
}

/** Whether a command starts its stream ('new': the stream must not exist) or continues it. */
export type StreamExpectation = 'new' | 'existing';

/**
 * One aggregate, Emmett style: data plus pure functions. `decide` throws a DomainError when the
 * command is refused and otherwise returns the events to append together, in order.
 */
export interface Decider<Command, Event, State, Context> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  /** Applies many events at once: the same result as reducing with evolve, in linear time. Use it to replay streams. */
  readonly fold: (state: State, events: readonly Event[]) => State;
  readonly decide: (command: Command, state: State, context: Context) => Event[];
  /** The stream the command is decided on. */
  readonly streamFor: (command: Command) => string;
  readonly streamExpectation: (command: Command) => StreamExpectation;
}

/** Replays events onto the initial state. */
export function foldEvents<Event, State>(
  decider: Pick<Decider<unknown, Event, State, unknown>, 'initialState' | 'fold'>,
  events: readonly Event[],
): State {
  return decider.fold(decider.initialState(), events);
}

/** `fold` for deciders whose evolve is already cheap. */
export function foldWith<Event, State>(
  evolve: (state: State, event: Event) => State,
): (state: State, events: readonly Event[]) => State {
  return (state, events) => events.reduce(evolve, state);
}

/** The compile-time half of an exhaustive switch. */
export function assertNever(value: never, what: string): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
