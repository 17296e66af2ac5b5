import { useCallback, useState } from 'preact/hooks';

/**
 * The analyst's API key, kept in this browser's local storage so a reload keeps it. Sent as a
 * Bearer token with every request once entered; the ledger decides what the key may read.
 */
const STORAGE_KEY = 'ledger.apiKey';

function stored(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined; // storage disabled: the key lives for this page only
  }
}

export function useApiKey(): [string | undefined, (key: string | undefined) => void] {
  const [key, setKey] = useState<string | undefined>(stored);
  const save = useCallback((next: string | undefined) => {
    const value = next?.trim() || undefined;
    try {
      if (value === undefined) localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, value);
    } catch {
      // storage disabled: keep it in memory only
    }
    setKey(value);
  }, []);
  return [key, save];
}
