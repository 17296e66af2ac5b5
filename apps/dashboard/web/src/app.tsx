import { useMemo } from 'preact/hooks';
import { LedgerApi } from './api/ledger-api';
import { AsOfBar } from './components/as-of-bar';
import { KeyField } from './components/key-field';
import { Empty } from './components/status';
import type { Route } from './route';
import { useRoute } from './routing';
import { useApiKey } from './state/api-key';
import { useLedgerClock } from './state/ledger-clock';
import { LedgerContext } from './state/ledger-context';
import { AgreementsView } from './views/agreements-view';
import { ClaimPage } from './views/claim-view';
import { DiscrepanciesView } from './views/discrepancies-view';
import { TimelineView } from './views/timeline-view';

const PLACES = [
  { view: 'agreements', href: '#/agreements', label: 'Agreements' },
  { view: 'discrepancies', href: '#/discrepancies', label: 'Discrepancies' },
  { view: 'timeline', href: '#/timeline', label: 'Timeline' },
] as const;

function View({ route }: { readonly route: Route }) {
  switch (route.view) {
    case 'agreements':
      return <AgreementsView />;
    case 'discrepancies':
      return <DiscrepanciesView />;
    case 'timeline':
      return <TimelineView />;
    case 'claim':
      return <ClaimPage key={route.claimId} claimId={route.claimId} />;
    case 'unknown':
      return <Empty>There is no view at “{route.hash}”. Pick one above.</Empty>;
  }
}

export function App() {
  const [apiKey, saveApiKey] = useApiKey();
  const clock = useLedgerClock(apiKey);
  const api = useMemo(() => new LedgerApi(apiKey), [apiKey]);
  const route = useRoute();
  return (
    <LedgerContext.Provider value={{ api, clock }}>
      <a class="skip" href="#main">
        Skip to the content
      </a>
      <header class="top">
        <h1>
          <a href="#/">Negotiation-outcomes ledger</a>
        </h1>
        <nav aria-label="Views">
          {PLACES.map((p) => (
            <a key={p.view} href={p.href} aria-current={route.view === p.view ? 'page' : undefined}>
              {p.label}
            </a>
          ))}
        </nav>
        <KeyField apiKey={apiKey} save={saveApiKey} />
      </header>
      <AsOfBar clock={clock} />
      {/* A new key may see other things: everything below loads afresh with it. */}
      <main id="main" tabIndex={-1} key={apiKey ?? ''}>
        <View route={route} />
      </main>
      <footer>
        Every figure is a claim by someone, kept with its source. The ledger never picks a winner.
      </footer>
    </LedgerContext.Provider>
  );
}
