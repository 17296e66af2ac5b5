import { type FigureInferred } from '@ledger/domain';
import { put, type RowChange } from '../read-model/row';
import { INFERENCES } from '../read-model/inferences-table';
import { figureColumns } from './claims-projection';
import { type ProjectedEvent } from './projected-event';

/** The desk's inferences read model: each inferred figure, by whom, why and from which claims. */
export function projectFigureInferred(e: ProjectedEvent<FigureInferred>): RowChange[] {
  const d = e.event.data;
  return [
    put(INFERENCES, {
      agreement_id: d.agreementId,
      inference_id: d.inferenceId,
      ...figureColumns(d),
      reason: d.reason,
      derived_from: [...d.derivedFrom],
      inferred_by: d.inferredBy,
      inferred_at: d.inferredAt,
      recorded_position: e.position,
      recorded_at: e.recordedAt,
    }),
  ];
}
