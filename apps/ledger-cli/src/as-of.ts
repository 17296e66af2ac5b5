import { parseInstant } from '@ledger/domain';
import { CliError } from './io';

/** --as-of: a global position (digits) or a recording time (an ISO-8601 instant with its zone). */
export type AsOfArg =
  | { readonly kind: 'position'; readonly position: bigint }
  | { readonly kind: 'time'; readonly iso: string; readonly ms: number };

export function parseAsOf(text: string | undefined): AsOfArg | undefined {
  if (text === undefined) return undefined;
  if (/^\d{1,19}$/.test(text)) return { kind: 'position', position: BigInt(text) };
  const ms = parseInstant(text);
  if (ms === undefined) {
    throw new CliError(
      `--as-of ${JSON.stringify(text)} is neither a global position (e.g. 14) nor an instant with a zone (e.g. 2025-06-17T14:00:00Z)`,
    );
  }
  return { kind: 'time', iso: text, ms };
}

/** The query-string parameters of the HTTP API for an as-of point. */
export function asOfParams(asOf: AsOfArg | undefined): Record<string, string> {
  if (asOf === undefined) return {};
  return asOf.kind === 'position' ? { asOfPosition: asOf.position.toString() } : { asOf: asOf.iso };
}

/**
 * Refuses an as-of time before the first recorded event: the answer would be an empty ledger,
 * which is what a statement date given by mistake (the scenario's 2025 dates, recorded later)
 * produces. Saying so beats printing "No agreement had been signed" as if that were the answer.
 */
export function requireRecordedBy(asOf: AsOfArg | undefined, asOfPosition: string): void {
  if (asOf?.kind !== 'time' || asOfPosition !== '0') return;
  throw new CliError(
    `Nothing had been recorded by ${asOf.iso}: --as-of takes a recording time (when the ledger recorded an event, as in the audit trail), not the date of a statement. Give a later time, or a global position (e.g. --as-of 9).`,
  );
}
