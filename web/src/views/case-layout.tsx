// The frame of every case view: marking banners, the case header, the stated purpose of access,
// the navigation (also by keyboard), and the view itself.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, Route, Switch, useLocation } from 'wouter';
import { api, caseUrl, currentPurpose, setPurpose } from '../api/client';
import type { CaseOverview } from '../api/types';
import { MarkingBanner } from '../components/marking-banner';
import { EmptyState, ErrorState, Loading } from '../components/state-views';
import { useShortcuts, type Shortcut } from '../hooks/use-shortcuts';
import { CaseContext } from './case-context';
import { OverviewView } from './overview-view';
import { SearchView } from './search-view';
import { ConversationsView } from './conversations-view';
import { ConversationView } from './conversation-view';
import { NetworkView } from './network-view';
import { TimelineView } from './timeline-view';
import { FindingsView } from './findings-view';
import { ReportsView } from './reports-view';

const NAV = [
  { path: '/', label: 'Overview', key: 'o' },
  { path: '/search', label: 'Search', key: 's' },
  { path: '/conversations', label: 'Conversations', key: 'c' },
  { path: '/network', label: 'Network', key: 'n' },
  { path: '/timeline', label: 'Timeline', key: 't' },
  { path: '/findings', label: 'Findings', key: 'f' },
  { path: '/reports', label: 'Reports', key: 'r' },
] as const;

function PurposeControl() {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(currentPurpose());
  if (!editing)
    return (
      <button type="button" className="link-button purpose" onClick={() => setEditing(true)}>
        {currentPurpose() ? `Purpose: ${currentPurpose()}` : 'State purpose of access'}
      </button>
    );
  return (
    <form
      className="purpose-form"
      onSubmit={(e) => {
        e.preventDefault();
        setPurpose(text);
        setEditing(false);
      }}
    >
      <label>
        Purpose of access{' '}
        <input
          value={text}
          maxLength={500}
          autoFocus
          onChange={(e) => setText(e.target.value)}
          placeholder="e.g. review of exhibits for charging advice"
        />
      </label>
      <button type="submit">Set</button>
    </form>
  );
}

function ShortcutHelp({ shortcuts, close }: { shortcuts: Shortcut[]; close: () => void }) {
  return (
    <div className="dialog-backdrop" onClick={close}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Keyboard shortcuts</h2>
        <table className="data-table">
          <tbody>
            {shortcuts.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.label}</td>
              </tr>
            ))}
            <tr>
              <td>
                <kbd>j</kbd> / <kbd>k</kbd>
              </td>
              <td>Next / previous result in lists</td>
            </tr>
          </tbody>
        </table>
        <button type="button" onClick={close} autoFocus>
          Close
        </button>
      </div>
    </div>
  );
}

export function CaseLayout({ caseId }: { caseId: string }) {
  const [location, navigate] = useLocation();
  const [help, setHelp] = useState(false);
  const overview = useQuery({
    queryKey: ['case', caseId],
    queryFn: () => api.get<CaseOverview>(caseUrl(caseId)),
    refetchInterval: (q) => (q.state.data?.jobs.running.length ? 2000 : false),
  });
  const shortcuts: Shortcut[] = [
    ...NAV.map((n) => ({
      keys: `g ${n.key}`,
      label: `Go to ${n.label}`,
      run: () => navigate(n.path),
    })),
    {
      keys: '/',
      label: 'Search',
      run: () => {
        if (!location.startsWith('/search')) navigate('/search');
        setTimeout(() => document.getElementById('search-input')?.focus(), 0);
      },
    },
    { keys: '?', label: 'Show keyboard shortcuts', run: () => setHelp(true) },
    { keys: 'Escape', label: 'Close dialogs', run: () => setHelp(false) },
  ];
  useShortcuts(shortcuts);

  const marking = overview.data?.case.marking ?? 'OFFICIAL-SENSITIVE';
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <MarkingBanner marking={marking} position="top" />
      <header className="app-header">
        <Link href="~/" className="brand">
          Threadline
        </Link>
        {overview.data ? (
          <span className="case-title" data-testid="case-title">
            <strong>{overview.data.case.ref}</strong>
            {overview.data.case.title ? ` · ${overview.data.case.title}` : ''}
          </span>
        ) : null}
        <PurposeControl />
        <button
          type="button"
          className="link-button"
          onClick={() => setHelp(true)}
          aria-label="Keyboard shortcuts"
        >
          ?
        </button>
      </header>
      <nav className="case-nav" aria-label="Case views">
        {NAV.map((n) => {
          const active = n.path === '/' ? location === '/' : location.startsWith(n.path);
          return (
            <Link
              key={n.path}
              href={n.path}
              className={active ? 'active' : ''}
              aria-current={active ? 'page' : undefined}
              title={`g ${n.key}`}
            >
              {n.label}
            </Link>
          );
        })}
      </nav>
      <main className="page" id="main" tabIndex={-1}>
        {overview.isPending ? (
          <Loading what="case" />
        ) : overview.isError || !overview.data ? (
          <ErrorState error={overview.error} retry={() => void overview.refetch()} />
        ) : (
          <CaseContext.Provider value={{ caseId: overview.data.case.id, overview: overview.data }}>
            <Switch>
              <Route path="/" component={OverviewView} />
              <Route path="/search" component={SearchView} />
              <Route path="/conversations" component={ConversationsView} />
              <Route path="/threads/:threadId">
                {(p) => <ConversationView threadId={decodeURIComponent(p.threadId)} />}
              </Route>
              <Route path="/network" component={NetworkView} />
              <Route path="/timeline" component={TimelineView} />
              <Route path="/findings" component={FindingsView} />
              <Route path="/reports" component={ReportsView} />
              <Route>
                <EmptyState title="No such view in this case" />
              </Route>
            </Switch>
          </CaseContext.Provider>
        )}
      </main>
      {help ? <ShortcutHelp shortcuts={shortcuts} close={() => setHelp(false)} /> : null}
      <MarkingBanner marking={marking} position="bottom" />
    </>
  );
}
