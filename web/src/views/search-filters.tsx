// The search form: text plus filters (device, app, person, time, language, direction, has
// finding) and the order. Its state is the page URL, so a search can be linked, reloaded and saved.
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, caseUrl } from '../api/client';
import type { LanguageCounts } from '../api/types';
import { languageName } from '../api/format';
import { useCase } from './case-context';

export interface SearchParams {
  q: string;
  device: string;
  app: string;
  party: string;
  language: string;
  direction: string;
  from: string;
  to: string;
  finding: string;
  sort: string;
}

export const EMPTY_SEARCH: SearchParams = {
  q: '',
  device: '',
  app: '',
  party: '',
  language: '',
  direction: '',
  from: '',
  to: '',
  finding: '',
  sort: '',
};

export function paramsFromUrl(search: string): SearchParams {
  const u = new URLSearchParams(search);
  const out = { ...EMPTY_SEARCH };
  for (const k of Object.keys(out) as Array<keyof SearchParams>) out[k] = u.get(k) ?? '';
  return out;
}

export function paramsToUrl(p: Partial<SearchParams>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) u.set(k, v);
  return u.toString();
}

/** Dates from the form (UTC days) to the API's time bounds: `to` includes its whole day. */
export function apiTimes(p: SearchParams): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  if (p.from) out.from = `${p.from}T00:00:00Z`;
  if (p.to) out.to = new Date(Date.parse(`${p.to}T00:00:00Z`) + 86_400_000).toISOString();
  return out;
}

export function SearchFilters({
  value,
  onSearch,
}: {
  value: SearchParams;
  onSearch: (p: SearchParams) => void;
}) {
  const { caseId, overview } = useCase();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const languages = useQuery({
    queryKey: ['languages', caseId],
    queryFn: () => api.get<LanguageCounts>(caseUrl(caseId, '/languages')),
  });
  const set = (k: keyof SearchParams) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value });
  const submit = (p: SearchParams) => onSearch(p);
  return (
    <form
      className="search-form"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        submit(draft);
      }}
    >
      <div className="search-row">
        <label htmlFor="search-input" className="sr-only">
          Search messages
        </label>
        <input
          id="search-input"
          type="search"
          value={draft.q}
          onChange={set('q')}
          placeholder='Search messages and translations: words, "exact phrase", prefix*'
          autoComplete="off"
          spellCheck={false}
          maxLength={500}
        />
        <button type="submit">Search</button>
      </div>
      <fieldset className="filters">
        <legend className="sr-only">Filters</legend>
        <label>
          Device
          <select value={draft.device} onChange={set('device')}>
            <option value="">all devices</option>
            {overview.devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          App
          <select value={draft.app} onChange={set('app')}>
            <option value="">all apps</option>
            {overview.apps.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Person
          <input
            value={draft.party}
            onChange={set('party')}
            placeholder="number, e-mail or account"
            size={18}
          />
        </label>
        <label>
          Language
          <select
            value={draft.language}
            onChange={set('language')}
            disabled={!languages.data?.identified}
          >
            <option value="">
              {languages.data?.identified ? 'any language' : 'not identified yet'}
            </option>
            {languages.data?.languages
              .filter((l) => l.language)
              .map((l) => (
                <option key={l.language} value={l.language!}>
                  {languageName(l.language)}
                </option>
              ))}
          </select>
        </label>
        <label>
          Direction
          <select value={draft.direction} onChange={set('direction')}>
            <option value="">both</option>
            <option value="incoming">incoming</option>
            <option value="outgoing">outgoing</option>
            <option value="unknown">unknown</option>
          </select>
        </label>
        <label>
          From
          <input type="date" value={draft.from} onChange={set('from')} />
        </label>
        <label>
          To
          <input type="date" value={draft.to} onChange={set('to')} />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.finding === 'any'}
            onChange={(e) => setDraft({ ...draft, finding: e.target.checked ? 'any' : '' })}
          />
          has finding
        </label>
        <label>
          Order
          <select value={draft.sort} onChange={set('sort')}>
            <option value="">{draft.q ? 'best match' : 'newest first'}</option>
            <option value="newest">newest first</option>
            <option value="oldest">oldest first</option>
          </select>
        </label>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setDraft({ ...EMPTY_SEARCH, q: draft.q });
            submit({ ...EMPTY_SEARCH, q: draft.q });
          }}
        >
          Clear filters
        </button>
      </fieldset>
    </form>
  );
}
