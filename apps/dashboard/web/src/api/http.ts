/**
 * The dashboard's one way to the ledger: same origin, JSON, the analyst's API key (when one is
 * entered) as a Bearer token, and every failure turned into words a reader can act on.
 */

export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: readonly { readonly field: string; readonly messages: readonly string[] }[];
}

/** A request that did not answer what was asked, with a sentence saying why. */
export class LedgerError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly problem?: Problem,
  ) {
    super(message);
    this.name = 'LedgerError';
  }
}

const TIMEOUT_MS = 15_000;

export type Params = Readonly<Record<string, string | number | boolean | undefined>>;

export function withParams(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) query.set(key, String(value));
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

export function authHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

/** GETs JSON; refusals (problem+json), network failures and timeouts become LedgerErrors. */
export async function getJson<T>(
  path: string,
  apiKey: string | undefined,
  signal?: AbortSignal,
): Promise<T> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { accept: 'application/json', ...authHeaders(apiKey) },
      signal: combined,
    });
  } catch (error: unknown) {
    if (signal?.aborted) throw error; // the caller moved on; nobody reads this
    if (timeout.aborted)
      throw new LedgerError(
        `The ledger did not answer within ${TIMEOUT_MS / 1000} s (${path}).`,
        undefined,
      );
    throw new LedgerError(
      'Cannot reach the ledger: the network request failed. Is the server running?',
      undefined,
    );
  }
  if (!response.ok) throw await refusal(response, path);
  try {
    return (await response.json()) as T;
  } catch {
    throw new LedgerError(
      `The ledger answered ${path} with something that is not JSON.`,
      response.status,
    );
  }
}

async function refusal(response: Response, path: string): Promise<LedgerError> {
  let problem: Problem | undefined;
  try {
    problem = (await response.json()) as Problem;
  } catch {
    problem = undefined;
  }
  return new LedgerError(
    explain(response.status, path.split('?')[0] ?? path, problem),
    response.status,
    problem,
  );
}

/** What a refusal means for the reader. */
export function explain(status: number, path: string, problem: Problem | undefined): string {
  const detail = problem?.detail ?? problem?.title ?? `HTTP ${status}`;
  const fields = problem?.errors?.map((e) => `${e.field}: ${e.messages.join(', ')}`).join('; ');
  if (status === 401)
    return `The ledger wants an API key for ${path}: enter one under “API key”. (${detail})`;
  if (status === 403)
    return `This API key may not read ${path}: it needs a role that can. (${detail})`;
  if (status === 404) return `Not found: ${detail}`;
  if (status === 503)
    return `The ledger is not ready to answer (${detail}). Try again in a moment.`;
  return `The ledger refused ${path} (${status}): ${detail}${fields ? ` — ${fields}` : ''}`;
}
