import type { OccurrencePeriod, TransferFigure, TransferScope } from '@ledger/domain';
import type { QuantityDto } from '../shared/request-fields';
import { ValidationProblem } from '../../http/validation';
import { toQuantity, withoutUndefined } from '../shared/to-domain';
import type { DirectionDto, OccurrenceDto, ScopeDto } from './report-transfer.request';

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

/** The figure a transfer report or a desk inference gives: term, direction, measure, quantity, scope, occurrence. */
export function toFigure(r: {
  readonly termId: string;
  readonly direction: DirectionDto;
  readonly measure: string;
  readonly quantity: QuantityDto;
  readonly scope: ScopeDto;
  readonly occurredAt?: OccurrenceDto | undefined;
}): TransferFigure & { readonly occurredAt?: OccurrencePeriod } {
  return withoutUndefined({
    termId: r.termId,
    direction: { from: r.direction.from, to: r.direction.to },
    measure: r.measure,
    quantity: toQuantity(r.quantity),
    scope: toScope(r.scope),
    occurredAt: r.occurredAt && toOccurrence(r.occurredAt),
  });
}

export function toOccurrence(dto: OccurrenceDto): OccurrencePeriod {
  return withoutUndefined({ from: dto.from, to: dto.to });
}
