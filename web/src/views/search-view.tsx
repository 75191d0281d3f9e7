// Search: the form, the hits, and beside them saved searches and the watch-list.
import { useLocation, useSearch } from 'wouter';
import { SearchFilters, paramsFromUrl, paramsToUrl } from './search-filters';
import { SearchResults } from './search-results';
import { SavedSearches, WatchList } from './watch-panel';
import { EmptyState } from '../components/state-views';

export function SearchView() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = paramsFromUrl(search);
  const go = (query: string) => navigate(`/search${query ? `?${query}` : ''}`);
  const asked = Object.values(params).some(Boolean);
  return (
    <div className="search-layout">
      <div className="search-main">
        <h1>Search</h1>
        <SearchFilters value={params} onSearch={(p) => go(paramsToUrl(p))} />
        {asked ? (
          <SearchResults params={params} />
        ) : (
          <EmptyState title="Search every message and translation">
            Type words (all must match), a <code>"phrase"</code> or a prefix like <code>meet*</code>
            ; or choose filters to browse by device, person, time or language. Press <kbd>/</kbd> to
            come back here.
          </EmptyState>
        )}
      </div>
      <aside className="search-side">
        <SavedSearches current={params} apply={go} />
        <WatchList apply={go} />
      </aside>
    </div>
  );
}
