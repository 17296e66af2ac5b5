import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { LedgerApi } from '../api/ledger-api';
import type { LedgerClock } from './ledger-clock';

/** What every view needs: the API (with the analyst's key) and the point in history to show. */
export interface Ledger {
  readonly api: LedgerApi;
  readonly clock: LedgerClock;
}

export const LedgerContext = createContext<Ledger | undefined>(undefined);

export function useLedger(): Ledger {
  const ledger = useContext(LedgerContext);
  if (ledger === undefined) throw new Error('useLedger outside <LedgerContext.Provider>');
  return ledger;
}
