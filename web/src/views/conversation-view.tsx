// A conversation as chat bubbles, opened at its start or around a message (from a search hit),
// loading earlier and later messages as asked; j/k move between messages.
import { useEffect, useRef } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSearch } from 'wouter';
import { api, caseUrl, qs } from '../api/client';
import type { ThreadInfo, ThreadPage } from '../api/types';
import { formatCount, formatTime } from '../api/format';
import { EmptyState, ErrorState, Loading, QueryState } from '../components/state-views';
import { IdentifierLabel } from '../components/identifier-label';
import { MessageBubble } from './message-bubble';
import { AnnotationControls } from './annotation-controls';
import { useCase } from './case-context';
import { otherParticipants } from './conversations-view';

type PageParam = { around?: string; after?: string; before?: string };

export function ConversationView({ threadId }: { threadId: string }) {
  const { caseId } = useCase();
  const focusId = new URLSearchParams(useSearch()).get('m') ?? '';
  const listRef = useRef<HTMLOListElement>(null);
  const info = useQuery({
    queryKey: ['thread', caseId, threadId],
    queryFn: () => api.get<ThreadInfo>(caseUrl(caseId, `/threads/${encodeURIComponent(threadId)}`)),
  });
  const pagesKey = ['thread-messages', caseId, threadId, focusId];
  const pages = useInfiniteQuery({
    queryKey: pagesKey,
    queryFn: ({ pageParam }) =>
      api.get<ThreadPage>(
        caseUrl(
          caseId,
          `/threads/${encodeURIComponent(threadId)}/messages${qs({ ...pageParam, limit: 60 })}`,
        ),
      ),
    initialPageParam: (focusId ? { around: focusId } : {}) as PageParam,
    getNextPageParam: (last): PageParam | undefined =>
      last.after ? { after: last.after } : undefined,
    getPreviousPageParam: (first): PageParam | undefined =>
      first.before ? { before: first.before } : undefined,
  });

  // bring the message opened from a search hit into view, once
  const scrolled = useRef('');
  useEffect(() => {
    if (!focusId || scrolled.current === focusId || !pages.data) return;
    const el = document.getElementById(`m-${focusId}`);
    if (el) {
      el.scrollIntoView({ block: 'center' });
      el.querySelector<HTMLElement>('[data-bubble]')?.focus({ preventScroll: true });
      scrolled.current = focusId;
    }
  }, [focusId, pages.data]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') return;
      if (e.key !== 'j' && e.key !== 'k') return;
      const items = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-bubble]') ?? [])];
      if (!items.length) return;
      const i = items.indexOf(document.activeElement as HTMLElement);
      const next = e.key === 'j' ? Math.min(i + 1, items.length - 1) : Math.max(i - 1, 0);
      items[next]?.focus();
      items[next]?.scrollIntoView({ block: 'nearest' });
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="conversation">
      <QueryState query={info} what="conversation">
        {(d) => (
          <header className="conversation-header">
            <h1 data-testid="conversation-title">
              {d.thread.name ??
                (otherParticipants(d.thread, d.owner).length
                  ? otherParticipants(d.thread, d.owner).map((k) => (
                      <span key={k} className="participant">
                        <IdentifierLabel idKey={k} names={d.names} deviceId={d.thread.deviceId} />
                      </span>
                    ))
                  : 'Conversation')}
            </h1>
            <p className="muted">
              {d.device?.label ?? d.thread.deviceId}
              {d.device?.exhibit ? ` (exhibit ${d.device.exhibit})` : ''} · {d.thread.app}
              {d.thread.isGroup ? ' · group' : ''} · {formatCount(d.thread.messages)} messages ·{' '}
              {formatTime(d.thread.firstAt)} to {formatTime(d.thread.lastAt)}
              {d.thread.deleted ? ' · conversation deleted' : ''}
            </p>
            <AnnotationControls
              targetId={d.thread.id}
              targetKind="thread"
              annotations={d.annotations}
              invalidate={['thread', caseId, threadId]}
            />
          </header>
        )}
      </QueryState>
      {pages.isPending ? (
        <Loading what="messages" />
      ) : pages.isError ? (
        <ErrorState error={pages.error} retry={() => void pages.refetch()} />
      ) : (
        (() => {
          const all = pages.data.pages;
          const messages = all.flatMap((p) => p.messages);
          const names = Object.assign({}, ...all.map((p) => p.names));
          const translations = Object.assign({}, ...all.map((p) => p.translations));
          const annotations = all.flatMap((p) => p.annotations);
          if (!messages.length) return <EmptyState title="This conversation has no messages" />;
          return (
            <>
              {pages.hasPreviousPage ? (
                <button
                  type="button"
                  onClick={() => void pages.fetchPreviousPage()}
                  disabled={pages.isFetchingPreviousPage}
                >
                  {pages.isFetchingPreviousPage ? 'Loading…' : 'Earlier messages'}
                </button>
              ) : (
                <p className="muted conversation-edge">Start of the conversation</p>
              )}
              <ol className="bubbles" ref={listRef}>
                {messages.map((m) => (
                  <MessageBubble
                    key={m.id}
                    m={m}
                    names={names}
                    translation={translations[m.id]}
                    annotations={annotations.filter((a) => a.targetId === m.id)}
                    focused={m.id === focusId}
                    invalidate={pagesKey}
                    isGroup={info.data?.thread.isGroup ?? false}
                  />
                ))}
              </ol>
              {pages.hasNextPage ? (
                <button
                  type="button"
                  onClick={() => void pages.fetchNextPage()}
                  disabled={pages.isFetchingNextPage}
                >
                  {pages.isFetchingNextPage ? 'Loading…' : 'Later messages'}
                </button>
              ) : (
                <p className="muted conversation-edge">End of the conversation</p>
              )}
            </>
          );
        })()
      )}
    </div>
  );
}
