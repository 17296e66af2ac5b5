/** The growth benchmark's cases and figures, shared by the part and its worker. */

export const SHAPES = ['one-key', 'many-keys'] as const;

export interface GrowthCase {
  /** Every claim on one quantity key, or spread over 1,000 phase labels. */
  readonly shape: (typeof SHAPES)[number];
  readonly writers: number;
  /** With an Idempotency-Key on every command. */
  readonly keyed: boolean;
}

export interface GrowthInput {
  /** Events in each agreement before the commands. */
  readonly events: number;
  /** Commands measured per case (after a warm-up of a tenth). */
  readonly commands: number;
  readonly cases: readonly GrowthCase[];
}

export interface GrowthFigure extends GrowthCase {
  readonly events: number;
  readonly commandsPerSec: number;
  readonly cpuMicrosPerCommand: number;
  /** Commands answered 409 after their retries, of all measured. */
  readonly conflictRate: number;
}

/** Every combination: shapes × 1 and 10 writers × keyed or not. */
export function allCases(): GrowthCase[] {
  return SHAPES.flatMap((shape) =>
    [1, 10].flatMap((writers) => [false, true].map((keyed) => ({ shape, writers, keyed }))),
  );
}
