/** RFC 9457 problem details, the only error shape the API answers with. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly code?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export interface FieldError {
  readonly field: string;
  readonly messages: readonly string[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Problem types are /problems/<code>, under LEDGER_PUBLIC_BASE_URL when it is set (sendProblem). */
export const PROBLEM_TYPE_PATH = '/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** What a caller states about a problem; type and title default from the code and the status. */
export interface ProblemFields {
  readonly type?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: readonly FieldError[];
}

export function problem(status: number, fields: ProblemFields): Problem {
  return {
    type: fields.type ?? (fields.code ? `${PROBLEM_TYPE_PATH}${fields.code}` : 'about:blank'),
    title: fields.title ?? TITLES[status] ?? 'Error',
    status,
    ...fields,
  };
}
