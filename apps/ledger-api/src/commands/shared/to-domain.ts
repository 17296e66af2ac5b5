import type { Quantity } from '@ledger/domain';
import type { QuantityDto, StatementDto } from './request-fields';

/**
 * DTO → domain data. Commands are plain data with absent fields omitted (never `undefined`), so
 * what the domain receives is exactly what a JSON round trip would give.
 */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function toQuantity(dto: QuantityDto): Quantity {
  return withoutUndefined({
    value: dto.value,
    precision: dto.precision,
    lower: dto.lower,
    upper: dto.upper,
  });
}

export function toSourcing(dto: Pick<StatementDto, 'quote' | 'link'>): {
  quote?: string;
  link?: string;
} {
  return withoutUndefined({ quote: dto.quote, link: dto.link });
}
