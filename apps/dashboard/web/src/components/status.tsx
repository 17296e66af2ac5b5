import type { ComponentChildren } from 'preact';
import type { LedgerError } from '../api/http';
import type { QueryState } from '../state/use-query';

export function Loading({ what }: { readonly what: string }) {
  return (
    <p class="status loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function Empty({ children }: { readonly children: ComponentChildren }) {
  return <p class="status empty">{children}</p>;
}

export function ErrorNotice({
  error,
  what,
}: {
  readonly error: LedgerError;
  readonly what: string;
}) {
  return (
    <p class="status error" role="alert">
      <strong>Could not load {what}.</strong> {error.message}
    </p>
  );
}

/**
 * Renders a query's answer, or says in words why there is none yet. A failed reload keeps the
 * last answer visible under the error, marked as possibly out of date.
 */
export function Loaded<T>({
  state,
  what,
  children,
}: {
  readonly state: QueryState<T>;
  readonly what: string;
  readonly children: (data: T) => ComponentChildren;
}) {
  if (state.status === 'loading') return <Loading what={what} />;
  if (state.status === 'error' && state.data === undefined)
    return <ErrorNotice error={state.error} what={what} />;
  const refreshing = state.status === 'ready' && state.refreshing;
  return (
    <div class={refreshing ? 'loaded refreshing' : 'loaded'} aria-busy={refreshing}>
      {state.status === 'error' ? <ErrorNotice error={state.error} what={what} /> : null}
      {children(state.data as T)}
    </div>
  );
}
