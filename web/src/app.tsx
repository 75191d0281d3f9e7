// The workbench: case list at /, and each case's views under /cases/:caseId/… . Data comes from
// the API through react-query (kept in memory only, never in browser storage).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Route, Switch } from 'wouter';
import { ApiError } from './api/client';
import { CaseListView } from './views/case-list-view';
import { CaseLayout } from './views/case-layout';
import { EmptyState } from './components/state-views';
import { MarkingBanner } from './components/marking-banner';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      gcTime: 5 * 60_000,
      refetchOnWindowFocus: false,
      retry: (n, e) => n < 2 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Switch>
        <Route path="/" component={CaseListView} />
        <Route path="/cases/:caseId" nest>
          {(params) => <CaseLayout caseId={decodeURIComponent(params.caseId)} />}
        </Route>
        <Route>
          <MarkingBanner marking="OFFICIAL-SENSITIVE" position="top" />
          <main className="page">
            <EmptyState title="No such page">
              <a href="/">Back to the case list</a>
            </EmptyState>
          </main>
        </Route>
      </Switch>
    </QueryClientProvider>
  );
}
