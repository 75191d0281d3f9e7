// Saved searches and the case's watch-list: identifiers and terms with live hit counts, and how
// many hits arrived since someone last checked.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, caseUrl, ApiError } from '../api/client';
import type { SavedSearch, WatchEntry } from '../api/types';
import { formatCount, identifierLabel } from '../api/format';
import { EmptyState, QueryState } from '../components/state-views';
import { useCase } from './case-context';
import { paramsToUrl, type SearchParams } from './search-filters';

function count(c: { count: number; capped: boolean }): string {
  return `${formatCount(c.count)}${c.capped ? '+' : ''}`;
}

export function SavedSearches({
  current,
  apply,
}: {
  current: SearchParams;
  apply: (query: string) => void;
}) {
  const { caseId } = useCase();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const list = useQuery({
    queryKey: ['saved-searches', caseId],
    queryFn: () => api.get<{ savedSearches: SavedSearch[] }>(caseUrl(caseId, '/saved-searches')),
  });
  const save = useMutation({
    mutationFn: () =>
      api.post(caseUrl(caseId, '/saved-searches'), {
        name,
        query: Object.fromEntries(Object.entries(current).filter(([, v]) => v)),
      }),
    onSuccess: () => {
      setName('');
      void qc.invalidateQueries({ queryKey: ['saved-searches', caseId] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(caseUrl(caseId, `/saved-searches/${id}`)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['saved-searches', caseId] }),
  });
  const canSave = Object.values(current).some(Boolean);
  return (
    <section className="panel" aria-labelledby="saved-h">
      <h2 id="saved-h">Saved searches</h2>
      <QueryState query={list} what="saved searches">
        {(d) =>
          d.savedSearches.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ul className="plain-list">
              {d.savedSearches.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => apply(paramsToUrl(s.query as Partial<SearchParams>))}
                  >
                    {s.name}
                  </button>{' '}
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Delete saved search ${s.name}`}
                    onClick={() => remove.mutate(s.id)}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && canSave) save.mutate();
        }}
      >
        <label>
          <span className="sr-only">Name of this search</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="name this search"
            maxLength={200}
            disabled={!canSave}
          />
        </label>
        <button type="submit" disabled={!canSave || !name.trim()}>
          Save
        </button>
      </form>
      {save.isError ? <p className="error-text">{(save.error as Error).message}</p> : null}
    </section>
  );
}

export function WatchList({ apply }: { apply: (query: string) => void }) {
  const { caseId } = useCase();
  const qc = useQueryClient();
  const [kind, setKind] = useState<'identifier' | 'term'>('identifier');
  const [value, setValue] = useState('');
  const [label, setLabel] = useState('');
  const list = useQuery({
    queryKey: ['watchlist', caseId],
    queryFn: () => api.get<{ entries: WatchEntry[] }>(caseUrl(caseId, '/watchlist')),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['watchlist', caseId] });
  const add = useMutation({
    mutationFn: () =>
      api.post(caseUrl(caseId, '/watchlist'), { kind, value, label: label || undefined }),
    onSuccess: () => {
      setValue('');
      setLabel('');
      refresh();
    },
  });
  const checked = useMutation({
    mutationFn: (id: string) => api.post(caseUrl(caseId, `/watchlist/${id}/checked`)),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(caseUrl(caseId, `/watchlist/${id}`)),
    onSuccess: refresh,
  });
  return (
    <section className="panel" aria-labelledby="watch-h">
      <h2 id="watch-h">Watch-list</h2>
      <QueryState query={list} what="watch-list">
        {(d) =>
          d.entries.length === 0 ? (
            <EmptyState title="Nothing watched">
              Add a number, account or term to count its hits.
            </EmptyState>
          ) : (
            <ul className="watch-list" data-testid="watch-list">
              {d.entries.map((e) => (
                <li key={e.id}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() =>
                      apply(paramsToUrl(e.kind === 'term' ? { q: e.value } : { party: e.value }))
                    }
                  >
                    {e.label ? `${e.label} · ` : ''}
                    {e.kind === 'term' ? `“${e.value}”` : identifierLabel(e.value)}
                  </button>
                  <span className="watch-hits">
                    {count(e.hits.messages)} messages
                    {e.hits.calls !== null ? `, ${formatCount(e.hits.calls)} calls` : ''}
                    {e.hits.devices !== null ? `, on ${formatCount(e.hits.devices)} devices` : ''}
                    {e.hits.newMessages.count > 0 ? (
                      <span className="badge badge-new">{count(e.hits.newMessages)} new</span>
                    ) : null}
                  </span>
                  {e.hits.newMessages.count > 0 ? (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => checked.mutate(e.id)}
                    >
                      mark seen
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Stop watching ${e.value}`}
                    onClick={() => remove.mutate(e.id)}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) add.mutate();
        }}
      >
        <label>
          <span className="sr-only">Kind</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as 'identifier' | 'term')}>
            <option value="identifier">identifier</option>
            <option value="term">term</option>
          </select>
        </label>
        <label>
          <span className="sr-only">Value</span>
          <input
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={kind === 'term' ? 'word or "phrase"' : '07700 900123, e-mail, account'}
            maxLength={300}
          />
        </label>
        <label>
          <span className="sr-only">Label</span>
          <input
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder="label (optional)"
            size={12}
          />
        </label>
        <button type="submit">Watch</button>
      </form>
      {add.isError ? (
        <p className="error-text" role="alert">
          {add.error instanceof ApiError && add.error.code === 'CONFLICT'
            ? 'Already on the watch-list.'
            : (add.error as Error).message}
        </p>
      ) : null}
    </section>
  );
}
