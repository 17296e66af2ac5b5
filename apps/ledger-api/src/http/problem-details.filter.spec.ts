import { AuditTrailError, ProofUnavailableError } from '@ledger/audit';
import { DomainError } from '@ledger/domain';
import { CanonicalJsonError, canonicalJson } from '@ledger/event-store';
import { InvalidQueryError, ReadModelUnavailableError } from '@ledger/projections';
import { toProblem } from './problem-details.filter';

// The one path from a library's typed error to problem+json: every library error the API can
// meet reads as its meaning, never as a 500.
describe('toProblem', () => {
  it('maps each library error to its status and code', () => {
    const cases: [unknown, number, string | undefined][] = [
      [new DomainError('source_not_registered', 'no such source'), 404, 'source_not_registered'],
      [new ProofUnavailableError('no checkpoint covers 9'), 404, 'proof_unavailable'],
      [new AuditTrailError('event 3 has no hash', 3n), 409, 'audit_trail'],
      [new InvalidQueryError('cursor', 'not a cursor'), 400, 'validation_failed'],
      [new ReadModelUnavailableError('the file is busy'), 503, undefined],
      [new Error('a bug'), 500, undefined],
    ];
    for (const [error, status, code] of cases)
      expect(toProblem(error)).toMatchObject({ status, ...(code ? { code } : {}) });
  });

  it('names the field of an invalid query', () => {
    expect(toProblem(new InvalidQueryError('cursor', 'not a cursor'))).toMatchObject({
      errors: [{ field: 'cursor', messages: ['not a cursor'] }],
    });
  });

  it('answers 400 for a value that has no canonical JSON (a lone surrogate in a body)', () => {
    let thrown: unknown;
    try {
      canonicalJson({ name: '\ud800' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CanonicalJsonError);
    expect(toProblem(thrown)).toMatchObject({ status: 400, code: 'canonical_json' });
  });
});
