import { type JsonValue } from '@ledger/domain';
import { type TableSpec } from './row';

/** A figure the desk inferred itself (FigureInferred): never a claim, so kept in a table of its own. */
export type InferenceRow = {
  agreement_id: string;
  inference_id: string;
  term_id: string;
  dir_from: string;
  dir_to: string;
  measure: string;
  scope_kind: 'phase' | 'cumulative' | 'exchange';
  phase: string | null;
  period: string | null;
  quantity_key: string;
  quantity: JsonValue;
  occurred_from: string | null;
  occurred_to: string | null;
  reason: string;
  derived_from: JsonValue;
  inferred_by: string;
  inferred_at: string;
  recorded_position: bigint;
  recorded_at: string;
};

export const INFERENCES: TableSpec<InferenceRow> = {
  name: 'inferences',
  key: ['agreement_id', 'inference_id'],
  columns: {
    agreement_id: 'text',
    inference_id: 'text',
    term_id: 'text',
    dir_from: 'text',
    dir_to: 'text',
    measure: 'text',
    scope_kind: 'text',
    phase: 'text',
    period: 'text',
    quantity_key: 'text',
    quantity: 'json',
    occurred_from: 'text',
    occurred_to: 'text',
    reason: 'text',
    derived_from: 'json',
    inferred_by: 'text',
    inferred_at: 'text',
    recorded_position: 'pos',
    recorded_at: 'text',
  },
  indexes: [['agreement_id', 'recorded_position']],
};
