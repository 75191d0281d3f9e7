// Common contacts of two seized devices: the numbers and accounts both phones know, how each saved
// them and how much contact each had, and whether the two owners were in direct contact.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, caseUrl, qs } from '../../api/client';
import type { CommonContactsResponse, DeviceSide } from '../../api/graph-types';
import { formatCount, identifierLabel } from '../../api/format';
import { EmptyState, ErrorState, Loading } from '../../components/state-views';

function side(s: DeviceSide): string {
  const names = [...s.savedAs.map((n) => `“${n}”`), ...s.shownAs.map((n) => `shown “${n}”`)];
  return [names.join(', '), `${formatCount(s.messages)} msgs, ${formatCount(s.calls)} calls`]
    .filter(Boolean)
    .join(' · ');
}

export function CommonContactsTool({
  caseId,
  devices,
}: {
  caseId: string;
  devices: Array<{ id: string; label: string }>;
}) {
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [asked, setAsked] = useState<{ a: string; b: string } | null>(null);
  const q = useQuery({
    queryKey: ['graph-common', caseId, asked],
    enabled: asked !== null,
    queryFn: () =>
      api.get<CommonContactsResponse>(caseUrl(caseId, `/graph/common${qs({ ...asked! })}`)),
  });
  if (devices.length < 2)
    return (
      <section className="tool" aria-label="Common contacts">
        <h2>Common contacts of two devices</h2>
        <p className="muted">This case has fewer than two devices.</p>
      </section>
    );
  return (
    <section className="tool" aria-label="Common contacts" data-testid="common-tool">
      <h2>Common contacts of two devices</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (a && b) setAsked({ a, b });
        }}
      >
        {(
          [
            ['Device A', a, setA],
            ['Device B', b, setB],
          ] as const
        ).map(([label, v, set]) => (
          <label key={label}>
            {label}{' '}
            <select value={v} onChange={(e) => set(e.target.value)}>
              <option value="">choose…</option>
              {devices.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
        ))}
        <button type="submit" disabled={!a || !b || a === b}>
          Compare
        </button>
      </form>
      {asked === null ? null : q.isPending ? (
        <Loading what="common contacts" />
      ) : q.isError ? (
        <ErrorState error={q.error} retry={() => void q.refetch()} />
      ) : (
        <>
          {q.data.direct.length ? (
            <p data-testid="common-direct">
              The owners were in direct contact:{' '}
              {q.data.direct
                .map(
                  (d) =>
                    `${identifierLabel(d.key)} (${d.ownerOf === 'a' ? q.data.a.label : q.data.b.label}'s) on the other phone: ${side(d.on)}`,
                )
                .join('; ')}
            </p>
          ) : null}
          {q.data.common.length === 0 ? (
            <EmptyState title="No contacts in common" />
          ) : (
            <table className="data-table compact" data-testid="common-table">
              <thead>
                <tr>
                  <th scope="col">Contact</th>
                  <th scope="col">{q.data.a.label}</th>
                  <th scope="col">{q.data.b.label}</th>
                </tr>
              </thead>
              <tbody>
                {q.data.common.map((c) => (
                  <tr key={c.key}>
                    <td>{identifierLabel(c.key)}</td>
                    <td>{side(c.a)}</td>
                    <td>{side(c.b)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
