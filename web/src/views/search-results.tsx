// Search hits: highlighted text and translation, who, when, where; more pages by keyset cursor;
// j/k move between hits and Enter opens the conversation at that message.
import { useEffect, useRef } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { api, caseUrl, qs } from '../api/client';
import type { SearchHit, SearchResult } from '../api/types';
import { formatCount, formatTime, identifierLabel, languageName } from '../api/format';
import { HighlightedText } from '../components/highlighted-text';
import { EmptyState, ErrorState, Loading } from '../components/state-views';
import { apiTimes, type SearchParams } from './search-filters';
import { useCase } from './case-context';

export function hitHref(h: SearchHit): string | null {
  return h.threadId
    ? `/threads/${encodeURIComponent(h.threadId)}?m=${encodeURIComponent(h.id)}`
    : null;
}

function Hit({ h }: { h: SearchHit }) {
  const href = hitHref(h);
  const who =
    h.direction === 'outgoing'
      ? 'sent by the device owner'
      : `from ${h.senderName ? `${h.senderName} (${identifierLabel(h.sender)})` : identifierLabel(h.sender)}`;
  const body = (
    <>
      <div className="hit-meta">
        <time dateTime={h.sentAt ? new Date(h.sentAt).toISOString() : undefined}>
          {formatTime(h.sentAt)}
        </time>
        <span className={`dir dir-${h.direction}`} aria-label={h.direction}>
          {h.direction === 'incoming' ? '← in' : h.direction === 'outgoing' ? '→ out' : '· ?'}
        </span>
        <span>{h.deviceLabel}</span>
        <span>{h.app}</span>
        {h.thread?.name ? <span className="muted">in {h.thread.name}</span> : null}
        {h.language ? <span className="lang">{languageName(h.language)}</span> : null}
      </div>
      <div className="hit-who">{who}</div>
      <div className="hit-body">
        <HighlightedText text={h.bodyHighlight ?? h.body} />
      </div>
      {h.translationHighlight ? (
        <div className="hit-translation">
          <span className="muted">translation: </span>
          <HighlightedText text={h.translationHighlight} />
        </div>
      ) : null}
    </>
  );
  return (
    <li className="hit" data-testid="search-hit">
      {href ? (
        <Link href={href} className="hit-link" data-hit>
          {body}
        </Link>
      ) : (
        <div className="hit-link" tabIndex={0} data-hit>
          {body}
        </div>
      )}
    </li>
  );
}

export function SearchResults({ params }: { params: SearchParams }) {
  const { caseId } = useCase();
  const [, navigate] = useLocation();
  const listRef = useRef<HTMLOListElement>(null);
  const query = {
    q: params.q,
    device: params.device,
    app: params.app,
    party: params.party,
    language: params.language,
    direction: params.direction,
    finding: params.finding,
    sort: params.sort,
    ...apiTimes(params),
  };
  const results = useInfiniteQuery({
    queryKey: ['search', caseId, query],
    queryFn: ({ pageParam }) =>
      api.get<SearchResult>(
        caseUrl(caseId, `/search${qs({ ...query, cursor: pageParam, limit: 50 })}`),
      ),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.next ?? undefined,
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA') return;
      if (e.key !== 'j' && e.key !== 'k') return;
      const items = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-hit]') ?? [])];
      if (!items.length) return;
      const i = items.indexOf(document.activeElement as HTMLElement);
      const next = e.key === 'j' ? Math.min(i + 1, items.length - 1) : Math.max(i - 1, 0);
      items[next]?.focus();
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  if (results.isPending) return <Loading what="results" />;
  if (results.isError)
    return <ErrorState error={results.error} retry={() => void results.refetch()} />;
  const first = results.data.pages[0]!;
  const hits = results.data.pages.flatMap((p) => p.hits);
  if (first.notice) return <EmptyState title="Nothing to show">{first.notice}</EmptyState>;
  if (!hits.length)
    return (
      <EmptyState
        title={params.q ? `No messages match “${params.q}”` : 'No messages match these filters'}
      >
        Words are all required; try fewer words, a prefix such as <code>meet*</code>, or clear the
        filters.
      </EmptyState>
    );
  return (
    <section aria-label="Search results">
      <p className="result-summary" data-testid="result-summary">
        {first.count
          ? `${formatCount(first.count.count)}${first.count.capped ? '+' : ''} messages`
          : `${formatCount(hits.length)} shown`}
        {' · '}
        {first.sort === 'relevance'
          ? 'best match first'
          : first.sort === 'newest'
            ? 'newest first'
            : 'oldest first'}
        {first.rankedByTime ? ' (too many matches to rank by relevance)' : ''}
        <span className="muted"> · {first.tookMs} ms</span>
      </p>
      <ol className="hits" ref={listRef}>
        {hits.map((h) => (
          <Hit key={h.id} h={h} />
        ))}
      </ol>
      {results.hasNextPage ? (
        <button
          type="button"
          onClick={() => void results.fetchNextPage()}
          disabled={results.isFetchingNextPage}
          data-testid="more-results"
        >
          {results.isFetchingNextPage ? 'Loading…' : 'More results'}
        </button>
      ) : (
        <p className="muted">End of results.</p>
      )}
    </section>
  );
}
