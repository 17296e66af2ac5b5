/** One HTTP answer as the e2e suites assert on it. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed when it is JSON (problem+json on errors), else undefined. */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary fields
}

export interface CallOptions {
  /** Sent as `authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON (a string is sent as it is, for malformed-body tests). */
  readonly body?: unknown;
}

/** Reads a response whole: its text, and its body parsed when the content type is JSON. */
export async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json');
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: json && text !== '' ? JSON.parse(text) : undefined,
  };
}

/** One request to a test ledger at `url`, read whole. */
export async function call(
  url: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS',
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const { token, headers = {}, body } = options;
  return answerOf(
    await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    }),
  );
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary fields
}

/**
 * One request: the status and headers, and the body read within `bodyMs` of the start (an event
 * stream is not read: it never ends on its own); then the connection is cut.
 */
export async function send(url: string, init: RequestInit = {}, bodyMs = 2_000): Promise<Reply> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), bodyMs);
  const response = await fetch(url, { ...init, signal: controller.signal });
  let text = '';
  try {
    text = response.headers.get('content-type')?.startsWith('text/event-stream')
      ? ''
      : await response.text();
  } catch {
    text = '';
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
