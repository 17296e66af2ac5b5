import { useEffect, useState } from 'preact/hooks';
import { LedgerError } from '../api/http';

export type QueryState<T> =
  | { readonly status: 'loading'; readonly data?: undefined }
  | { readonly status: 'ready'; readonly data: T; readonly refreshing: boolean }
  | { readonly status: 'error'; readonly error: LedgerError; readonly data?: T };

/**
 * Loads what a view shows, again whenever `key` changes (another point in time, another claim).
 * The previous answer stays on screen while the next loads, so moving the slider does not blank
 * the page; a superseded load is aborted and its answer dropped.
 */
export function useQuery<T>(key: string, load: (signal: AbortSignal) => Promise<T>): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    setState((previous) =>
      previous.data === undefined
        ? { status: 'loading' }
        : { status: 'ready', data: previous.data, refreshing: true },
    );
    load(abort.signal).then(
      (data) => {
        if (!abort.signal.aborted) setState({ status: 'ready', data, refreshing: false });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const failure =
          error instanceof LedgerError
            ? error
            : new LedgerError(`Something went wrong while loading: ${String(error)}`, undefined);
        setState((previous) => ({
          status: 'error',
          error: failure,
          ...(previous.data !== undefined ? { data: previous.data } : {}),
        }));
      },
    );
    return () => abort.abort();
    // `load` is a fresh closure on every render; `key` says when it asks something new.
  }, [key]);
  return state;
}
