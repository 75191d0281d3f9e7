// The cases this analyst may see. Opening one shows its overview.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../api/client';
import type { CaseListItem, Session } from '../api/types';
import { formatTime } from '../api/format';
import { MarkingBanner } from '../components/marking-banner';
import { EmptyState, QueryState } from '../components/state-views';

export function CaseListView() {
  const session = useQuery({
    queryKey: ['session'],
    queryFn: () => api.get<Session>('/api/session'),
  });
  const cases = useQuery({
    queryKey: ['cases'],
    queryFn: () => api.get<{ cases: CaseListItem[] }>('/api/cases'),
  });
  const marking = session.data?.defaultMarking ?? 'OFFICIAL-SENSITIVE';
  return (
    <>
      <MarkingBanner marking={marking} position="top" />
      <header className="app-header">
        <span className="brand">Threadline</span>
        {session.data ? (
          <span className="muted">
            {session.data.actor.name} · {session.data.mode} mode · v{session.data.version}
          </span>
        ) : null}
      </header>
      <main className="page" id="main">
        <h1>Cases</h1>
        <QueryState query={cases} what="cases">
          {(d) =>
            d.cases.length === 0 ? (
              <EmptyState title="No cases you can see">
                Create one with <code>threadline case create OP-NAME</code>, then{' '}
                <code>threadline ingest OP-NAME ./exhibit</code>, or run <code>npm run demo</code>{' '}
                for a synthetic case.
              </EmptyState>
            ) : (
              <table className="data-table" data-testid="case-list">
                <thead>
                  <tr>
                    <th scope="col">Reference</th>
                    <th scope="col">Title</th>
                    <th scope="col">Marking</th>
                    <th scope="col">Status</th>
                    <th scope="col">Devices</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {d.cases.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link href={`/cases/${encodeURIComponent(c.id)}`}>{c.ref}</Link>
                      </td>
                      <td>{c.title ?? <span className="muted">untitled</span>}</td>
                      <td>{c.marking}</td>
                      <td>{c.status}</td>
                      <td className="num">{c.devices}</td>
                      <td>{formatTime(c.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </QueryState>
      </main>
      <MarkingBanner marking={marking} position="bottom" />
    </>
  );
}
