import { CliError } from '../io';

/** A small HTTP client for the ledger API: Bearer key, JSON answers, problem+json turned into CliErrors. */
export class ApiClient {
  readonly baseUrl: string;

  constructor(
    url: string,
    private readonly key: string | undefined,
  ) {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  async getJson<T>(path: string, query: Record<string, string> = {}): Promise<T> {
    const answer = await this.send('GET', path, query);
    return this.json<T>(answer, path);
  }

  async getText(path: string): Promise<{ text: string; headers: Headers }> {
    const answer = await this.send('GET', path);
    return { text: await answer.text(), headers: answer.headers };
  }

  async postJson<T>(path: string): Promise<T> {
    return this.json<T>(await this.send('POST', path), path);
  }

  /** A raw POST for import: the caller reads the answer, refusals included. */
  async post(path: string, headers: Record<string, string>, body: string): Promise<Response> {
    return this.fetch(path, { method: 'POST', headers, body });
  }

  authorization(): string {
    if (this.key === undefined)
      throw new CliError('The API needs a key: give --key <token> or set LEDGER_API_KEY');
    return `Bearer ${this.key}`;
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string> = {},
  ): Promise<Response> {
    const search = new URLSearchParams(query).toString();
    const answer = await this.fetch(`${path}${search ? `?${search}` : ''}`, {
      method,
      headers: { authorization: this.authorization() },
    });
    if (!answer.ok) throw await problemError(answer, `${method} ${path}`);
    return answer;
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, init);
    } catch (error) {
      const cause =
        (error as { cause?: { code?: string } }).cause?.code ??
        (error instanceof Error ? error.message : String(error));
      throw new CliError(`Cannot reach the ledger at ${this.baseUrl} (${cause}). Is it running?`);
    }
  }

  private async json<T>(answer: Response, what: string): Promise<T> {
    const text = await answer.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliError(`${what} answered something that is not JSON: ${text.slice(0, 200)}`);
    }
  }
}

async function problemError(answer: Response, what: string): Promise<CliError> {
  const text = await answer.text();
  let detail = text.slice(0, 500);
  try {
    const problem = JSON.parse(text) as { detail?: unknown; code?: unknown };
    if (typeof problem.detail === 'string')
      detail = `${problem.detail}${typeof problem.code === 'string' ? ` (${problem.code})` : ''}`;
  } catch {
    // not problem+json: show the text
  }
  return new CliError(`${what} -> ${answer.status}: ${detail}`);
}
