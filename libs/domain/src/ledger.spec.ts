import { agreementSigned } from './testing/agreement-fixtures';
import { DOMAIN_ERROR_CODES, DOMAIN_ERROR_KINDS, DomainError } from './shared/errors';
import {
  eventDataAsJson,
  isDerivedEvent,
  isLedgerEventType,
  LEDGER_EVENT_TYPES,
  type LedgerEvent,
  parseLedgerEvent,
} from './ledger';
import {
  agreementStreamFor,
  offerStreamFor,
  parseStreamName,
  sourceStreamFor,
  STREAM_PREFIXES,
} from './shared/streams';

describe('the event catalogue', () => {
  it('lists every event type once, by its stable past-tense name', () => {
    expect(LEDGER_EVENT_TYPES).toEqual([
      'SourceRegistered',
      'AgreementSigned',
      'TransferReported',
      'AgreementTermCompletionClaimed',
      'CharacterizationClaimed',
      'ClaimRevised',
      'ClaimRetracted',
      'ClaimCorroborated',
      'FigureDisputed',
      'DisputeClaimsChanged',
      'DisputeStatusChanged',
      'TotalsDiscrepancyDetected',
      'TotalsReconciled',
      'TotalsNoLongerComparable',
      'FigureInferred',
      'ScopesLinked',
      'OfferMade',
      'OfferRevised',
      'OfferAnswered',
    ]);
    expect(new Set(LEDGER_EVENT_TYPES).size).toBe(LEDGER_EVENT_TYPES.length);
    expect(isLedgerEventType('TransferReported')).toBe(true);
    expect(isLedgerEventType('TransferReport')).toBe(false);
  });

  it('reads stored events back, refusing unknown types and newer schema versions', () => {
    const stored = {
      type: 'AgreementSigned',
      schemaVersion: 1,
      data: JSON.parse(JSON.stringify(agreementSigned.data)) as unknown,
    };
    expect(parseLedgerEvent(stored)).toEqual(agreementSigned);
    expect(() => parseLedgerEvent({ ...stored, type: 'AgreementTorn' })).toThrow(
      expect.objectContaining({ code: 'unknown_event_type' }),
    );
    expect(() => parseLedgerEvent({ ...stored, schemaVersion: 2 })).toThrow(
      expect.objectContaining({ code: 'unsupported_schema_version' }),
    );
    expect(() => parseLedgerEvent({ ...stored, data: null })).toThrow(DomainError);
  });

  it('hands the store plain JSON and refuses anything else', () => {
    expect(JSON.parse(JSON.stringify(eventDataAsJson(agreementSigned)))).toEqual(
      agreementSigned.data,
    );
    const broken = {
      type: 'TotalsReconciled',
      schemaVersion: 1,
      data: { phaseSum: { lower: 1, upper: Infinity } },
    } as unknown as LedgerEvent;
    expect(() => eventDataAsJson(broken)).toThrow('not a finite number');
    const withUndefined = {
      type: 'ClaimRetracted',
      schemaVersion: 1,
      data: { reason: undefined },
    } as unknown as LedgerEvent;
    expect(() => eventDataAsJson(withUndefined)).toThrow('not JSON');
  });

  it('tells events derived by rule from those said or decided by people', () => {
    const byRule = {
      type: 'FigureDisputed',
      schemaVersion: 1,
      data: { detectedBy: 'rule' },
    } as unknown as LedgerEvent;
    const byPerson = {
      type: 'FigureDisputed',
      schemaVersion: 1,
      data: { detectedBy: 'person' },
    } as unknown as LedgerEvent;
    const statusByRule = {
      type: 'DisputeStatusChanged',
      schemaVersion: 1,
      data: { by: 'rule' },
    } as unknown as LedgerEvent;
    const totals = {
      type: 'TotalsDiscrepancyDetected',
      schemaVersion: 1,
      data: {},
    } as unknown as LedgerEvent;
    expect([byRule, byPerson, statusByRule, totals, agreementSigned].map(isDerivedEvent)).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('streams', () => {
  it('names one stream per aggregate and parses it back', () => {
    expect([
      sourceStreamFor('ewn'),
      agreementStreamFor('istanbul-2025'),
      offerStreamFor('o-1'),
    ]).toEqual(['source-ewn', 'agreement-istanbul-2025', 'offer-o-1']);
    expect(STREAM_PREFIXES).toEqual({
      source: 'source-',
      agreement: 'agreement-',
      offer: 'offer-',
    });
    expect(parseStreamName('agreement-istanbul-2025')).toEqual({
      category: 'agreement',
      id: 'istanbul-2025',
    });
    expect(parseStreamName('$projections-x')).toBeUndefined();
    expect(parseStreamName('offer-')).toBeUndefined();
  });
});

describe('errors', () => {
  it('gives every code a kind the edge can map to a status', () => {
    expect(DOMAIN_ERROR_CODES.length).toBeGreaterThan(30);
    for (const code of DOMAIN_ERROR_CODES)
      expect(['not_found', 'conflict', 'rule', 'invalid']).toContain(DOMAIN_ERROR_KINDS[code]);
    const error = new DomainError('claim_retracted', 'claim c-1 was retracted');
    expect([error.code, error.kind, error.message, error.name]).toEqual([
      'claim_retracted',
      'conflict',
      'claim c-1 was retracted',
      'DomainError',
    ]);
  });
});
