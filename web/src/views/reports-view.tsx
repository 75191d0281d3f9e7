// Reports: choose bookmarked items, conversations and findings, state the purpose, and download
// the HTML report the server produces (marking at top and bottom, provenance on every item). The
// request is recorded in the audit as a disclosure (export.write) with its purpose.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, caseUrl, currentPurpose, qs, setPurpose } from '../api/client';
import type { ThreadSummary } from '../api/types';
import type { FindingList } from '../api/finding-types';
import { formatCount } from '../api/format';
import { EmptyState, ErrorState, Loading } from '../components/state-views';
import { useCase } from './case-context';
import { threadTitle } from './conversations-view';
import './reports/reports.css';

async function downloadReport(caseId: string, body: unknown, purpose: string): Promise<string> {
  const res = await fetch(caseUrl(caseId, '/reports'), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/html',
      'x-threadline-purpose': encodeURIComponent(purpose),
    },
    body: JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!res.ok) {
    let code = `HTTP_${res.status}`;
    let message = res.statusText;
    try {
      const j = (await res.json()) as { error?: { code: string; message: string } };
      code = j.error?.code ?? code;
      message = j.error?.message ?? message;
    } catch {
      // not JSON
    }
    throw new ApiError(res.status, code, message);
  }
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'report.html';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

function FindingPicker({
  caseId,
  chosen,
  toggle,
}: {
  caseId: string;
  chosen: Set<string>;
  toggle(id: string): void;
}) {
  const q = useQuery({
    queryKey: ['findings', caseId, 'report'],
    queryFn: () => api.get<FindingList>(caseUrl(caseId, `/findings${qs({ limit: 200 })}`)),
  });
  if (q.isPending) return <Loading what="findings" />;
  if (q.isError)
    return q.error instanceof ApiError && q.error.message.startsWith('no API route') ? (
      <p className="muted">Findings are not part of this build yet.</p>
    ) : (
      <ErrorState error={q.error} retry={() => void q.refetch()} />
    );
  if (!q.data.findings.length) return <p className="muted">No findings in this case.</p>;
  return (
    <ul className="plain-list pick-list">
      {q.data.findings.map((f) => (
        <li key={f.id}>
          <label>
            <input type="checkbox" checked={chosen.has(f.id)} onChange={() => toggle(f.id)} />{' '}
            {f.title}{' '}
            <span className="muted">
              ({f.status}, score {f.score.toFixed(2)})
            </span>
          </label>
        </li>
      ))}
    </ul>
  );
}

export function ReportsView() {
  const { caseId, overview } = useCase();
  const [title, setTitle] = useState('');
  const [bookmarks, setBookmarks] = useState(true);
  const [threads, setThreads] = useState<Set<string>>(new Set());
  const [findings, setFindings] = useState<Set<string>>(new Set());
  const [showFindings, setShowFindings] = useState(false);
  const [purpose, setPurposeText] = useState(currentPurpose());
  const [state, setState] = useState<
    { k: 'idle' } | { k: 'busy' } | { k: 'done'; file: string } | { k: 'error'; e: unknown }
  >({ k: 'idle' });
  const marks = useQuery({
    queryKey: ['annotations', caseId, 'bookmark'],
    queryFn: () =>
      api.get<{ annotations: Array<{ id: string }> }>(
        caseUrl(caseId, `/annotations${qs({ kind: 'bookmark' })}`),
      ),
  });
  const list = useQuery({
    queryKey: ['threads', caseId, 'report'],
    queryFn: () =>
      api.get<{ total: number; threads: ThreadSummary[] }>(
        caseUrl(caseId, `/threads${qs({ limit: 200 })}`),
      ),
  });
  const toggle = (set: Set<string>, put: (s: Set<string>) => void) => (id: string) => {
    const n = new Set(set);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    put(n);
  };
  const chosen = (bookmarks ? 1 : 0) + threads.size + findings.size;
  const labels = new Map(overview.devices.map((d) => [d.id, d.label]));
  return (
    <div data-testid="reports-view">
      <h1>Reports</h1>
      <p className="muted">
        The report is one HTML file under the case's marking ({overview.case.marking}), each item
        with the evidence file, SHA-256 and record it was read from. Producing it is recorded with
        your purpose.
      </p>
      <form
        className="report-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!chosen || !purpose.trim()) return;
          setPurpose(purpose);
          setState({ k: 'busy' });
          downloadReport(
            caseId,
            { title, bookmarks, threads: [...threads], findings: [...findings] },
            purpose.trim(),
          ).then(
            (file) => setState({ k: 'done', file }),
            (e: unknown) => setState({ k: 'error', e }),
          );
        }}
      >
        <label>
          Title <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <fieldset>
          <legend>Bookmarks</legend>
          <label>
            <input
              type="checkbox"
              checked={bookmarks}
              onChange={(e) => setBookmarks(e.target.checked)}
              data-testid="report-bookmarks"
            />{' '}
            Every bookmarked item
            {marks.data ? ` (${formatCount(marks.data.annotations.length)})` : ''}
          </label>
        </fieldset>
        <fieldset>
          <legend>Conversations ({threads.size} chosen)</legend>
          {list.isPending ? (
            <Loading what="conversations" />
          ) : list.isError ? (
            <ErrorState error={list.error} retry={() => void list.refetch()} />
          ) : list.data.threads.length === 0 ? (
            <EmptyState title="No conversations in this case" />
          ) : (
            <ul className="plain-list pick-list" data-testid="report-threads">
              {list.data.threads.map((t) => (
                <li key={t.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={threads.has(t.id)}
                      onChange={() => toggle(threads, setThreads)(t.id)}
                    />{' '}
                    {threadTitle(t)}{' '}
                    <span className="muted">
                      ({labels.get(t.deviceId) ?? t.deviceId}, {t.app}, {formatCount(t.messages)}{' '}
                      messages)
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <fieldset>
          <legend>Findings ({findings.size} chosen)</legend>
          {showFindings ? (
            <FindingPicker
              caseId={caseId}
              chosen={findings}
              toggle={toggle(findings, setFindings)}
            />
          ) : (
            <button type="button" onClick={() => setShowFindings(true)}>
              Choose findings
            </button>
          )}
        </fieldset>
        <label>
          Purpose of this report (required, recorded){' '}
          <input
            value={purpose}
            maxLength={500}
            required
            onChange={(e) => setPurposeText(e.target.value)}
            placeholder="e.g. disclosure schedule for CPS"
            data-testid="report-purpose"
          />
        </label>
        <div className="button-row">
          <button
            type="submit"
            disabled={!chosen || !purpose.trim() || state.k === 'busy'}
            data-testid="make-report"
          >
            {state.k === 'busy' ? 'Producing…' : 'Download HTML report'}
          </button>
        </div>
        {state.k === 'done' ? (
          <p role="status" data-testid="report-done">
            Downloaded {state.file}.
          </p>
        ) : state.k === 'error' ? (
          <ErrorState error={state.e} />
        ) : null}
      </form>
    </div>
  );
}
