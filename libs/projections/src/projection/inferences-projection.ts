import { type FigureInferred, type JsonValue } from '@ledger/domain';
import { put, type RowChange } from '../read-model/row';
import { INFERENCES } from '../read-model/inferences-table';
import { scopeColumns } from './claims-projection';
import { type ProjectedEvent } from './projected-event';

/** The desk's inferences read model: each inferred figure, by whom, why and from which claims. */
export function projectFigureInferred(e: ProjectedEvent<FigureInferred>): RowChange[] {
  const d = e.event.data;
  const scope = scopeColumns(d.scope);
  return [
    put(INFERENCES, {
      agreement_id: d.agreementId,
      inference_id: d.inferenceId,
      term_id: d.termId,
      dir_from: d.direction.from,
      dir_to: d.direction.to,
      measure: d.measure,
      ...scope,
      quantity_key: d.quantityKey,
      quantity: d.quantity as unknown as JsonValue,
      occurred_from: d.occurredAt?.from ?? null,
      occurred_to: d.occurredAt?.to ?? null,
      reason: d.reason,
      derived_from: [...d.derivedFrom],
      inferred_by: d.inferredBy,
      inferred_at: d.inferredAt,
      recorded_position: e.position,
      recorded_at: e.recordedAt,
    }),
  ];
}
