import { readFileSync } from 'node:fs';
import { CliError } from './io';

/** One command of a scenario, in the seed fixture's format (fixtures/seed-scenario.json). */
export interface ScenarioRequest {
  readonly method: 'POST';
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly idempotencyKey?: string;
}

function fieldProblem(fields: Record<string, unknown>): string | undefined {
  const { method, path, body, idempotencyKey } = fields;
  if (method !== 'POST') return 'method must be "POST"';
  if (typeof path !== 'string' || !/^\/[A-Za-z0-9/_.:-]*$/.test(path))
    return 'path must be an absolute API path such as /sources';
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'body must be a JSON object';
  if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || idempotencyKey === ''))
    return 'idempotencyKey must be a non-empty string';
  return undefined;
}

function problemWith(entry: unknown, index: number): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return `entry ${index + 1} is not an object`;
  const problem = fieldProblem(entry as Record<string, unknown>);
  return problem === undefined ? undefined : `entry ${index + 1}: ${problem}`;
}

/** Reads and checks a scenario file: a JSON list of { method: "POST", path, body, idempotencyKey? }. */
export function readScenario(file: string): ScenarioRequest[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(
      `Cannot read the scenario ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!Array.isArray(parsed))
    throw new CliError(
      `${file} must be a JSON list of { "method": "POST", "path", "body", "idempotencyKey"? }`,
    );
  const problems = parsed.map(problemWith).filter((p): p is string => p !== undefined);
  if (problems.length > 0)
    throw new CliError(`${file} is not a scenario:\n  ${problems.slice(0, 10).join('\n  ')}`);
  return parsed as ScenarioRequest[];
}
