import type { InferenceView } from '@ledger/projections';
import { formatQuantity, text } from './quantities';

const scopeText = (scope: InferenceView['scope']): string =>
  scope.kind === 'phase'
    ? `phase ${scope.phase}`
    : scope.kind === 'exchange'
      ? 'whole exchange'
      : `cumulative${scope.period ? ` (${scope.period})` : ''}`;

/** The desk's own inferences on an agreement, apart from the sources' figures (none: no lines). */
export function inferenceLines(inferences: readonly InferenceView[]): string[] {
  if (inferences.length === 0) return [];
  const lines = [`  desk inferences (not claims of any source): ${inferences.length}`];
  for (const i of inferences) {
    const from = Array.isArray(i.derivedFrom) ? i.derivedFrom.map(text).join(', ') : '';
    lines.push(
      `    ${i.inferenceId}: ${formatQuantity(i.quantity)} ${i.measure}, ${i.termId} ${i.direction.from} -> ${i.direction.to}, ${scopeText(i.scope)}; inferred by ${i.inferredBy} at ${i.inferredAt} from ${from}: ${i.reason}`,
    );
  }
  return lines;
}
