import { type RegisterSource } from './source-commands';
import { type RegisteredSource, sourceDecider } from './source-decider';
import { type SourceRegistered } from './source-events';
import { deciderSpec } from '../testing/given-when-then';

const now = '2025-06-18T08:00:00Z';
const ewn: RegisteredSource = {
  status: 'registered',
  sourceId: 'ewn',
  name: 'EWN',
  kind: 'news_agency',
};
const spec = deciderSpec(sourceDecider, { sources: new Map([['ewn', ewn]]) });

function register(data: Partial<RegisterSource['data']> = {}): RegisterSource {
  const base = {
    sourceId: 'ua-coordination-hq',
    name: 'Coordination HQ for the Treatment of POWs',
    kind: 'party_authority' as const,
    affiliation: 'ukraine',
  };
  return { type: 'RegisterSource', data: { ...base, ...data }, metadata: { now } };
}

const registered: SourceRegistered = {
  type: 'SourceRegistered',
  schemaVersion: 1,
  data: {
    sourceId: 'ua-coordination-hq',
    name: 'Coordination HQ for the Treatment of POWs',
    kind: 'party_authority',
    affiliation: 'ukraine',
  },
};

describe('RegisterSource', () => {
  it('registers a party authority with its affiliation', () => {
    const state = spec.given([]).when(register()).then([registered]);
    expect(state).toEqual({ status: 'registered', ...registered.data });
  });

  it('records a relay and the source it relays, and the channel', () => {
    const command = register({
      sourceId: 'ajtechnicaldr',
      name: 'AJTechnicalDr.com',
      kind: 'media',
      affiliation: undefined,
      channel: 'website',
      relayOf: 'ewn',
    });
    spec
      .given([])
      .when(command)
      .then([
        {
          type: 'SourceRegistered',
          schemaVersion: 1,
          data: {
            sourceId: 'ajtechnicaldr',
            name: 'AJTechnicalDr.com',
            kind: 'media',
            channel: 'website',
            relayOf: 'ewn',
          },
        },
      ]);
  });

  it('refuses to register a source twice', () => {
    spec.given([registered]).when(register()).thenThrows('source_already_registered');
  });

  it('refuses a relay of a source that is not registered', () => {
    spec
      .given([])
      .when(register({ kind: 'media', affiliation: undefined, relayOf: 'unknown-agency' }))
      .thenThrows('source_not_registered');
  });

  it('refuses a source that relays itself', () => {
    spec
      .given([])
      .when(
        register({ sourceId: 'ewn', kind: 'news_agency', affiliation: undefined, relayOf: 'ewn' }),
      )
      .thenThrows('invalid_source');
  });

  it('refuses a party authority without the party it speaks for', () => {
    spec
      .given([])
      .when(register({ affiliation: undefined }))
      .thenThrows('invalid_source');
  });

  it('refuses an unknown kind of source', () => {
    spec
      .given([])
      .when(register({ kind: 'blog' as never }))
      .thenThrows('invalid_source');
  });

  it.each([[''], ['has space'], ['-leading-dash'], ['a/b']])(
    'refuses the malformed source id %j',
    (sourceId) => {
      spec.given([]).when(register({ sourceId })).thenThrows('invalid_id');
    },
  );

  it('refuses an empty name', () => {
    spec
      .given([])
      .when(register({ name: '   ' }))
      .thenThrows('invalid_text');
  });

  it('names its stream source-<id> and always starts it', () => {
    expect(sourceDecider.streamFor(register())).toBe('source-ua-coordination-hq');
    expect(sourceDecider.streamExpectation(register())).toBe('new');
  });
});
