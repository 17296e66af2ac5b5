import type { RecordedEvent } from '@ledger/event-store';
import { ValidationProblem } from '../http/validation';
import { deliveryFilter, parseSubscriptionRequest } from './subscription-request';

const event = (type: string, stream: string): RecordedEvent => ({
  id: '00000000-0000-4000-8000-000000000000',
  type,
  stream,
  data: {},
  metadata: {},
  revision: 0n,
  position: 1n,
  recordedAt: new Date(0),
});

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationProblem) return error.errors.map((e) => e.field);
    throw error;
  }
  throw new Error('expected a ValidationProblem');
}

describe('parseSubscriptionRequest', () => {
  it('defaults to the start of the log, all types, all categories', () => {
    expect(parseSubscriptionRequest({ kind: 'all' }, {}, undefined)).toEqual({
      target: { kind: 'all' },
      from: { after: 0n },
    });
  });

  it('reads from=start|end|position; Last-Event-ID wins over from', () => {
    expect(parseSubscriptionRequest({ kind: 'all' }, { from: 'start' }, undefined).from).toEqual({
      after: 0n,
    });
    expect(parseSubscriptionRequest({ kind: 'all' }, { from: 'end' }, undefined).from).toBe('end');
    expect(
      parseSubscriptionRequest({ kind: 'all' }, { from: '9223372036854775807' }, undefined).from,
    ).toEqual({ after: 9223372036854775807n });
    expect(parseSubscriptionRequest({ kind: 'all' }, { from: '5' }, '9').from).toEqual({
      after: 9n,
    });
    expect(parseSubscriptionRequest({ kind: 'all' }, { from: '5' }, '').from).toEqual({
      after: 5n,
    });
  });

  it('refuses positions that are not decimal integers from 0 to 2^63 - 1', () => {
    const beyondSigned = ['9223372036854775808', '18446744073709551615', '18446744073709551616'];
    for (const from of ['', '01', '-1', '1.5', '0x10', ' 1', ...beyondSigned]) {
      expect(
        fieldsOf(() => parseSubscriptionRequest({ kind: 'all' }, { from }, undefined)),
      ).toEqual(['from']);
    }
    for (const lastEventId of ['abc', ...beyondSigned])
      expect(fieldsOf(() => parseSubscriptionRequest({ kind: 'all' }, {}, lastEventId))).toEqual([
        'Last-Event-ID',
      ]);
  });

  it('reads comma-separated types and categories, refusing unknown ones, and names every bad field at once', () => {
    const request = parseSubscriptionRequest(
      { kind: 'all' },
      { types: 'TransferReported, FigureDisputed', categories: 'agreement' },
      undefined,
    );
    expect(request).toMatchObject({
      types: ['TransferReported', 'FigureDisputed'],
      categories: ['agreement'],
    });
    expect(
      fieldsOf(() =>
        parseSubscriptionRequest(
          { kind: 'all' },
          { types: 'Nope', categories: 'nope', from: 'x', extra: '1' },
          undefined,
        ),
      ).sort(),
    ).toEqual(['categories', 'extra', 'from', 'types']);
  });

  it('checks the route: a known category, a stream name of sane length, no categories on a stream', () => {
    expect(
      fieldsOf(() =>
        parseSubscriptionRequest(
          { kind: 'category', category: 'agreements' as 'agreement' },
          {},
          undefined,
        ),
      ),
    ).toEqual(['category']);
    expect(
      fieldsOf(() =>
        parseSubscriptionRequest({ kind: 'stream', stream: 'x'.repeat(201) }, {}, undefined),
      ),
    ).toEqual(['stream']);
    expect(
      fieldsOf(() =>
        parseSubscriptionRequest(
          { kind: 'stream', stream: 'source-1' },
          { categories: 'source' },
          undefined,
        ),
      ),
    ).toEqual(['categories']);
  });
});

describe('deliveryFilter', () => {
  it('types AND categories: the store filters one dimension, the rest is checked here', () => {
    const both = deliveryFilter(
      parseSubscriptionRequest(
        { kind: 'all' },
        { types: 'OfferMade', categories: 'offer' },
        undefined,
      ),
    );
    expect(both.store).toEqual({ eventTypes: ['OfferMade'] });
    expect(both.accepts(event('OfferMade', 'offer-1'))).toBe(true);
    expect(both.accepts(event('OfferMade', 'agreement-1'))).toBe(false);
    expect(both.accepts(event('OfferAnswered', 'offer-1'))).toBe(false);
  });

  it('never delivers the id reservation streams, even to a subscriber of everything', () => {
    const all = deliveryFilter(parseSubscriptionRequest({ kind: 'all' }, {}, undefined));
    expect(all.accepts(event('IdReserved', 'id-claim-claim-1'))).toBe(false);
    expect(all.accepts(event('TransferReported', 'agreement-1'))).toBe(true);
  });

  it('a category route is a stream-prefix filter', () => {
    const filter = deliveryFilter(
      parseSubscriptionRequest({ kind: 'category', category: 'agreement' }, {}, undefined),
    );
    expect(filter.store).toEqual({ streamPrefixes: ['agreement-'] });
    expect(filter.accepts(event('TransferReported', 'agreement-istanbul-2025'))).toBe(true);
    expect(filter.accepts(event('SourceRegistered', 'source-ewn'))).toBe(false);
  });

  it('no filter: everything', () => {
    const filter = deliveryFilter(parseSubscriptionRequest({ kind: 'all' }, {}, undefined));
    expect(filter.store).toBeUndefined();
    expect(filter.accepts(event('Anything', 'elsewhere'))).toBe(true);
  });
});
