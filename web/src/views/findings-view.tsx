// The findings queue: each finding of the detection rules as a card with its indicators and their
// weights (the score breakdown), benign explanations and missing data; opened, its evidence with
// the matched words highlighted (original or translation) linking to the conversation, its review
// history, and accept / reject with a reason that must be given. Findings are indicators for a
// person to review, never conclusions.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { ApiError, api, caseUrl, qs } from '../api/client';
import type { FindingDetail, FindingList, FindingSummary } from '../api/finding-types';
import { formatCount, identifierLabel } from '../api/format';
import { EmptyState, ErrorState, Loading } from '../components/state-views';
import { useCase } from './case-context';
import './findings/findings.css';

const PAGE = 25;

function when(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return 'time unknown';
  const d = new Date(typeof v === 'number' ? v : Date.parse(v));
  return Number.isNaN(d.getTime())
    ? String(v)
    : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function ScoreBreakdown({ f }: { f: FindingSummary }) {
  const total = f.indicators.reduce((n, i) => n + Math.max(0, i.weight), 0) || 1;
  return (
    <table className="data-table compact indicators" data-testid="indicators">
      <caption>
        Score {f.score.toFixed(2)} from {f.indicators.length} indicator
        {f.indicators.length === 1 ? '' : 's'}
      </caption>
      <thead>
        <tr>
          <th scope="col">Indicator</th>
          <th scope="col" className="num">
            Weight
          </th>
          <th scope="col">Share</th>
        </tr>
      </thead>
      <tbody>
        {f.indicators.map((i) => (
          <tr key={i.id}>
            <td>
              <strong>{i.label}</strong>
              <div className="muted small">{i.detail}</div>
            </td>
            <td className="num">{i.weight.toFixed(2)}</td>
            <td className="share-cell">
              <span
                className="share-bar"
                aria-hidden="true"
                ref={(el) => {
                  if (el) el.style.width = `${Math.round((Math.max(0, i.weight) / total) * 100)}%`;
                }}
              />
              <span className="sr-only">{Math.round((Math.max(0, i.weight) / total) * 100)}%</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EvidenceItems({ f }: { f: FindingDetail }) {
  if (!f.evidence.length) return <p className="muted">No evidence items recorded.</p>;
  return (
    <ol className="finding-evidence" data-testid="finding-evidence">
      {f.evidence.map((e) => (
        <li key={`${e.kind}:${e.id}`}>
          <div className="muted small">
            <span className="badge">{e.kind}</span> {when(e.at)}
            {e.sender ? ` · ${identifierLabel(e.sender)}` : ''}
            {e.direction ? ` · ${e.direction}` : ''}
            {e.note ? ` · ${e.note}` : ''}
          </div>
          {!e.found ? (
            <p className="warn">This item is no longer in the case (re-ingested differently).</p>
          ) : e.kind === 'message' ? (
            <div className={e.translation ? 'side-by-side' : ''}>
              <blockquote data-testid="evidence-text">
                {e.textUsed === 'translation' && e.text
                  ? e.text
                  : e.segments.length
                    ? e.segments.map((s, i) =>
                        s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
                      )
                    : (e.text ?? '(no text)')}
              </blockquote>
              {e.translation ? (
                <blockquote className="translation" lang="en">
                  <span className="muted small">Translation: </span>
                  {e.textUsed === 'translation'
                    ? e.segments.map((s, i) =>
                        s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
                      )
                    : e.translation}
                </blockquote>
              ) : null}
              {e.thread ? (
                <Link
                  href={`/threads/${encodeURIComponent(e.thread)}?m=${encodeURIComponent(e.id)}`}
                >
                  Open in conversation
                </Link>
              ) : null}
            </div>
          ) : e.kind === 'call' ? (
            <p>Call{e.durationS !== null ? `, ${Math.round(e.durationS)} s` : ''}</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function ReviewForm({ caseId, f }: { caseId: string; f: FindingDetail }) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const m = useMutation({
    mutationFn: (decision: 'accept' | 'reject') =>
      api.post<{ finding: FindingDetail }>(
        caseUrl(caseId, `/findings/${encodeURIComponent(f.id)}/review`),
        { decision, reason: reason.trim() },
      ),
    onSuccess: (r) => {
      client.setQueryData(['finding', caseId, f.id], r);
      void client.invalidateQueries({ queryKey: ['findings', caseId] });
      setReason('');
      setTried(false);
    },
  });
  const missing = tried && !reason.trim();
  const submit = (decision: 'accept' | 'reject') => {
    setTried(true);
    if (reason.trim()) m.mutate(decision);
  };
  return (
    <form className="review-form" onSubmit={(e) => e.preventDefault()} data-testid="review-form">
      <label htmlFor={`reason-${f.id}`}>
        Reason for your decision (required, recorded with your name)
      </label>
      <textarea
        id={`reason-${f.id}`}
        value={reason}
        maxLength={4000}
        rows={3}
        aria-invalid={missing}
        aria-describedby={missing ? `reason-err-${f.id}` : undefined}
        onChange={(e) => setReason(e.target.value)}
        data-testid="review-reason"
      />
      {missing ? (
        <p className="error-text" id={`reason-err-${f.id}`} role="alert">
          Give a reason before accepting or rejecting.
        </p>
      ) : null}
      <div className="button-row">
        <button
          type="button"
          onClick={() => submit('accept')}
          disabled={m.isPending}
          data-testid="accept"
        >
          Accept as worth pursuing
        </button>
        <button
          type="button"
          onClick={() => submit('reject')}
          disabled={m.isPending}
          data-testid="reject"
        >
          Reject
        </button>
      </div>
      {m.isError ? (
        <p className="error-text" role="alert">
          {m.error instanceof ApiError
            ? `${m.error.message} (${m.error.code})`
            : 'Could not record the review.'}
        </p>
      ) : null}
    </form>
  );
}

function FindingDetailPanel({ caseId, id }: { caseId: string; id: string }) {
  const q = useQuery({
    queryKey: ['finding', caseId, id],
    queryFn: () =>
      api.get<{ finding: FindingDetail }>(caseUrl(caseId, `/findings/${encodeURIComponent(id)}`)),
  });
  if (q.isPending) return <Loading what="evidence" />;
  if (q.isError) return <ErrorState error={q.error} retry={() => void q.refetch()} />;
  const f = q.data.finding;
  return (
    <div className="finding-detail" data-testid="finding-detail">
      <h3>Evidence</h3>
      <EvidenceItems f={f} />
      {f.evidenceChangedSinceReview ? (
        <p className="warn" role="status">
          The evidence has changed since the last review: review it again.
        </p>
      ) : null}
      {f.reviews.length ? (
        <>
          <h3>Reviews</h3>
          <ul className="plain-list" data-testid="reviews">
            {f.reviews.map((r) => (
              <li key={r.id}>
                <strong>{r.decision === 'accept' ? 'Accepted' : 'Rejected'}</strong> by{' '}
                {r.actorName} on {when(r.createdAt)}: “{r.reason}”
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ReviewForm caseId={caseId} f={f} />
    </div>
  );
}

function FindingCard({ caseId, f }: { caseId: string; f: FindingSummary }) {
  const [open, setOpen] = useState(false);
  return (
    <article
      className={`finding-card severity-${f.severity}`}
      data-testid="finding-card"
      data-finding-id={f.id}
    >
      <header>
        <h2>{f.title}</h2>
        <div className="finding-meta">
          <span className={`badge badge-${f.severity}`}>{f.severity}</span>
          <span className="badge">{f.crimeType}</span>
          <span className={`badge badge-status-${f.status}`} data-testid="finding-status">
            {f.status}
          </span>
          {!f.active ? <span className="badge">no longer raised</span> : null}
          <span className="muted small">
            rule {f.ruleId} v{f.ruleVersion} · first seen {when(f.firstSeenAt)}
          </span>
        </div>
        {f.subject.identifiers.length ? (
          <p className="small">
            About: {f.subject.identifiers.map((k) => identifierLabel(k)).join(', ')}
          </p>
        ) : null}
      </header>
      <ScoreBreakdown f={f} />
      <div className="finding-columns">
        <section aria-label="Benign explanations">
          <h3>Could also be</h3>
          {f.benign.length ? (
            <ul data-testid="benign">
              {f.benign.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">No benign explanation listed by the rule: consider your own.</p>
          )}
        </section>
        <section aria-label="Missing data">
          <h3>Not known / missing</h3>
          {f.missing.length ? (
            <ul data-testid="missing">
              {f.missing.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing recorded as missing.</p>
          )}
        </section>
      </div>
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="open-finding"
      >
        {open ? 'Hide evidence and review' : 'Evidence and review'}
      </button>
      {open ? <FindingDetailPanel caseId={caseId} id={f.id} /> : null}
    </article>
  );
}

export function FindingsView() {
  const { caseId } = useCase();
  const [status, setStatus] = useState<'new' | 'accepted' | 'rejected' | ''>('new');
  const [offset, setOffset] = useState(0);
  const q = useQuery({
    queryKey: ['findings', caseId, status, offset],
    queryFn: () =>
      api.get<FindingList>(caseUrl(caseId, `/findings${qs({ status, limit: PAGE, offset })}`)),
  });
  const notBuilt =
    q.error instanceof ApiError &&
    q.error.code === 'NOT_FOUND' &&
    q.error.message.startsWith('no API route');
  return (
    <div data-testid="findings-view">
      <h1>Findings</h1>
      <div className="filter-bar">
        <label>
          Status{' '}
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as typeof status);
              setOffset(0);
            }}
          >
            <option value="new">to review</option>
            <option value="accepted">accepted</option>
            <option value="rejected">rejected</option>
            <option value="">all</option>
          </select>
        </label>
      </div>
      {q.isPending ? (
        <Loading what="findings" />
      ) : notBuilt ? (
        <EmptyState title="No findings yet">
          The detection rules are not part of this build yet; findings appear here once they have
          run: <code>threadline analyse</code>.
        </EmptyState>
      ) : q.isError ? (
        <ErrorState error={q.error} retry={() => void q.refetch()} />
      ) : (
        <>
          <p className="notice" role="note" data-testid="findings-notice">
            {q.data.notice}
          </p>
          {q.data.total === 0 ? (
            <EmptyState title={status === 'new' ? 'No findings to review' : 'No findings here'}>
              Findings appear here once the detection rules have run:{' '}
              <code>threadline analyse</code>.
            </EmptyState>
          ) : (
            <>
              <p className="muted">
                {formatCount(q.data.total)} finding{q.data.total === 1 ? '' : 's'}
                {q.data.total > PAGE
                  ? `, ${offset + 1}–${Math.min(offset + PAGE, q.data.total)} shown`
                  : ''}
              </p>
              {q.data.findings.map((f) => (
                <FindingCard key={f.id} caseId={caseId} f={f} />
              ))}
              <div className="button-row">
                <button
                  type="button"
                  disabled={offset === 0}
                  onClick={() => setOffset(Math.max(0, offset - PAGE))}
                >
                  Previous
                </button>
                <button
                  type="button"
                  disabled={offset + PAGE >= q.data.total}
                  onClick={() => setOffset(offset + PAGE)}
                >
                  Next
                </button>
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}
