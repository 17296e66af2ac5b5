import type { OccurrencePeriod, TransferScope } from '@ledger/domain';
import { ValidationProblem } from '../../http/validation';
import { withoutUndefined } from '../shared/to-domain';
import type { OccurrenceDto, ScopeDto } from './report-transfer.request';

/** A scope's fields depend on its kind, which decorators cannot express: checked here, as field errors. */
export function toScope(dto: ScopeDto): TransferScope {
  if (dto.kind === 'phase') {
    if (dto.phase === undefined)
      throw new ValidationProblem([
        { field: 'scope.phase', messages: ['phase is required when kind is phase'] },
      ]);
    if (dto.period !== undefined)
      throw new ValidationProblem([
        { field: 'scope.period', messages: ['period applies only when kind is cumulative'] },
      ]);
    return { kind: 'phase', phase: dto.phase };
  }
  if (dto.phase !== undefined)
    throw new ValidationProblem([
      { field: 'scope.phase', messages: ['phase applies only when kind is phase'] },
    ]);
  if (dto.kind === 'exchange') {
    if (dto.period !== undefined)
      throw new ValidationProblem([
        { field: 'scope.period', messages: ['period applies only when kind is cumulative'] },
      ]);
    return { kind: 'exchange' };
  }
  return withoutUndefined({ kind: 'cumulative' as const, period: dto.period });
}

export function toOccurrence(dto: OccurrenceDto): OccurrencePeriod {
  return withoutUndefined({ from: dto.from, to: dto.to });
}
