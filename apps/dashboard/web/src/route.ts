/**
 * The dashboard's places, in the URL's fragment (#/discrepancies, #/claims/claim-ua-hq-final-1245)
 * so links can be shared and the server needs no route of its own for them.
 */
export type Route =
  | { readonly view: 'agreements' }
  | { readonly view: 'discrepancies' }
  | { readonly view: 'timeline' }
  | { readonly view: 'claim'; readonly claimId: string }
  | { readonly view: 'unknown'; readonly hash: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  if (path === '' || path === 'agreements') return { view: 'agreements' };
  if (path === 'discrepancies') return { view: 'discrepancies' };
  if (path === 'timeline') return { view: 'timeline' };
  const claim = /^claims\/([^/]+)$/.exec(path);
  if (claim?.[1] !== undefined) {
    try {
      return { view: 'claim', claimId: decodeURIComponent(claim[1]) };
    } catch {
      return { view: 'unknown', hash };
    }
  }
  return { view: 'unknown', hash };
}

export const claimHref = (claimId: string): string => `#/claims/${encodeURIComponent(claimId)}`;
