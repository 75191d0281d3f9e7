// Every conversation of the case, most recently active first, by device.
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, caseUrl, qs } from '../api/client';
import type { ThreadSummary } from '../api/types';
import { formatCount, formatTime, identifierLabel, revealHidden } from '../api/format';
import { EmptyState, ErrorState, Loading } from '../components/state-views';
import { useCase } from './case-context';

const PAGE = 100;

/** Participants other than the device's owner (whose key is `device:<id>` until resolved). */
export function otherParticipants(
  t: Pick<ThreadSummary, 'participants' | 'deviceId'>,
  owner?: string | null,
) {
  return t.participants.filter((k) => k !== `device:${t.deviceId}` && k !== owner);
}

export function threadTitle(t: ThreadSummary): string {
  if (t.name) return revealHidden(t.name);
  const names = t.participants
    .map((k, i) => ({ k, name: t.participantNames?.[i] }))
    .filter(({ k }) => otherParticipants(t).includes(k))
    .map(({ k, name }) =>
      name ? `${revealHidden(name)} (${identifierLabel(k)})` : identifierLabel(k),
    );
  return names.length ? names.join(', ') : 'conversation';
}

export function ConversationsView() {
  const { caseId, overview } = useCase();
  const [device, setDevice] = useState('');
  const q = useInfiniteQuery({
    queryKey: ['threads', caseId, device],
    queryFn: ({ pageParam }) =>
      api.get<{ total: number; threads: ThreadSummary[] }>(
        caseUrl(caseId, `/threads${qs({ device, limit: PAGE, offset: pageParam })}`),
      ),
    initialPageParam: 0,
    getNextPageParam: (last, all) => {
      const seen = all.reduce((n, p) => n + p.threads.length, 0);
      return seen < last.total ? seen : undefined;
    },
  });
  const labels = new Map(overview.devices.map((d) => [d.id, d.label]));
  return (
    <div>
      <h1>Conversations</h1>
      <label>
        Device{' '}
        <select value={device} onChange={(e) => setDevice(e.target.value)}>
          <option value="">all devices</option>
          {overview.devices.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      {q.isPending ? (
        <Loading what="conversations" />
      ) : q.isError ? (
        <ErrorState error={q.error} retry={() => void q.refetch()} />
      ) : q.data.pages[0]!.total === 0 ? (
        <EmptyState title="No conversations">
          Ingest a device with messages to see its conversations.
        </EmptyState>
      ) : (
        <>
          <p className="muted">{formatCount(q.data.pages[0]!.total)} conversations</p>
          <table className="data-table" data-testid="thread-list">
            <thead>
              <tr>
                <th scope="col">With</th>
                <th scope="col">Device</th>
                <th scope="col">App</th>
                <th scope="col" className="num">
                  Messages
                </th>
                <th scope="col">First</th>
                <th scope="col">Last</th>
              </tr>
            </thead>
            <tbody>
              {q.data.pages
                .flatMap((p) => p.threads)
                .map((t) => (
                  <tr key={t.id}>
                    <td>
                      <Link href={`/threads/${encodeURIComponent(t.id)}`}>{threadTitle(t)}</Link>
                      {t.isGroup ? <span className="badge">group</span> : null}
                      {t.deleted ? <span className="badge badge-failed">deleted</span> : null}
                    </td>
                    <td>{labels.get(t.deviceId) ?? t.deviceId}</td>
                    <td>{t.app}</td>
                    <td className="num">{formatCount(t.messages)}</td>
                    <td>{formatTime(t.firstAt)}</td>
                    <td>{formatTime(t.lastAt)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          {q.hasNextPage ? (
            <button
              type="button"
              onClick={() => void q.fetchNextPage()}
              disabled={q.isFetchingNextPage}
            >
              More conversations
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}
