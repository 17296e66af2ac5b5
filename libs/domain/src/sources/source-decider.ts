import { DomainError, ensure, show } from '../shared/errors';
import { assertNever, type Decider, domainEvent, foldWith } from '../shared/messages';
import { sourceStreamFor } from '../shared/streams';
import { requireCommand, requireId, requireName, withOptional } from '../shared/validation';
import { type RegisterSource, type SourceCommand } from './source-commands';
import {
  SOURCE_KINDS,
  type SourceEvent,
  type SourceRegistered,
  type SourceRegisteredData,
} from './source-events';

export type RegisteredSource = { readonly status: 'registered' } & SourceRegisteredData;
export type SourceState = { readonly status: 'unregistered' } | RegisteredSource;

/** Cross-aggregate facts the handler loads: the registered sources a command refers to, by id. */
export interface SourceLookup {
  readonly sources: ReadonlyMap<string, RegisteredSource>;
}

/** A registered source from the lookup, or 'source_not_registered'. */
export function requireSource(
  lookup: SourceLookup,
  sourceId: string,
  field = 'sourceId',
): RegisteredSource {
  const source = lookup.sources.get(sourceId);
  if (source === undefined)
    throw new DomainError(
      'source_not_registered',
      `${field} ${show(sourceId)} is not a registered source`,
    );
  return source;
}

/** Party authorities and officials speak for a party: without the party, their claims cannot be weighed. */
const NEEDS_AFFILIATION: ReadonlySet<string> = new Set(['party_authority', 'party_official']);

function registerSource(
  command: RegisterSource,
  state: SourceState,
  context: SourceLookup,
): SourceRegistered[] {
  const { data } = command;
  const sourceId = requireId('sourceId', data.sourceId);
  ensure(
    state.status === 'unregistered',
    'source_already_registered',
    `source ${sourceId} is already registered`,
  );
  ensure(
    SOURCE_KINDS.includes(data.kind),
    'invalid_source',
    `kind must be one of ${SOURCE_KINDS.join(', ')}`,
  );
  ensure(
    !NEEDS_AFFILIATION.has(data.kind) || data.affiliation !== undefined,
    'invalid_source',
    `a ${data.kind} must name the party it is affiliated with`,
  );
  if (data.relayOf !== undefined) {
    ensure(data.relayOf !== sourceId, 'invalid_source', 'a source cannot be a relay of itself');
    requireSource(context, data.relayOf, 'relayOf');
  }
  let registered: SourceRegisteredData = {
    sourceId,
    name: requireName('name', data.name),
    kind: data.kind,
  };
  registered = withOptional(
    registered,
    'affiliation',
    data.affiliation === undefined ? undefined : requireId('affiliation', data.affiliation),
  );
  registered = withOptional(
    registered,
    'channel',
    data.channel === undefined ? undefined : requireName('channel', data.channel),
  );
  registered = withOptional(registered, 'relayOf', data.relayOf);
  return [domainEvent('SourceRegistered', registered)];
}

function decide(command: SourceCommand, state: SourceState, context: SourceLookup): SourceEvent[] {
  requireCommand(command);
  switch (command.type) {
    case 'RegisterSource':
      return registerSource(command, state, context);
    default:
      return assertNever(command.type, 'source command');
  }
}

function evolve(state: SourceState, event: SourceEvent): SourceState {
  switch (event.type) {
    case 'SourceRegistered':
      return { status: 'registered', ...event.data };
    default:
      return assertNever(event.type, 'source event');
  }
}

/** The registered sources a handler must load into the context before deciding `command`. */
export function sourcesNeededForSourceCommand(command: SourceCommand): string[] {
  const { relayOf } = requireCommand(command).data;
  return relayOf === undefined ? [] : [relayOf];
}

export const sourceDecider: Decider<SourceCommand, SourceEvent, SourceState, SourceLookup> = {
  initialState: () => ({ status: 'unregistered' }),
  evolve,
  fold: foldWith(evolve),
  decide,
  streamFor: (command) => sourceStreamFor(requireCommand(command).data.sourceId),
  streamExpectation: () => 'new',
};
