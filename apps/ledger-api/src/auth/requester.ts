import type { Role } from './roles';

/** Who is asking: the key that authenticated the request. Its name is the actor in event metadata. */
export interface Requester {
  readonly keyId: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

/**
 * The requester of each authenticated request, set by the access guard. A WeakMap rather than a
 * field on the request: nothing else can set it, and it goes when the request does.
 */
const requesters = new WeakMap<object, Requester>();

export function setRequester(request: object, requester: Requester): void {
  requesters.set(request, requester);
}

/** The key that authenticated `request`; undefined on public routes and before the guard ran. */
export function requesterOf(request: object): Requester | undefined {
  return requesters.get(request);
}
