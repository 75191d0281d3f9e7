// Case overview: what was read from each device and what was not, counts, languages found,
// translation and review progress, and work in progress.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, caseUrl, qs } from '../api/client';
import type { DeviceSummary, LanguageCounts, SourceRow } from '../api/types';
import { formatBytes, formatCount, formatTime, identifierLabel, languageName } from '../api/format';
import { EmptyState, QueryState } from '../components/state-views';
import { useCase } from './case-context';

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="stat">
      <div className="stat-value">{formatCount(value)}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

function SourceList({ deviceId }: { deviceId: string }) {
  const { caseId } = useCase();
  const q = useQuery({
    queryKey: ['sources', caseId, deviceId],
    queryFn: () =>
      api.get<{ sources: SourceRow[]; truncated: boolean }>(
        caseUrl(caseId, `/sources${qs({ device: deviceId })}`),
      ),
  });
  return (
    <QueryState query={q} what="files">
      {(d) =>
        d.sources.length === 0 ? (
          <EmptyState title="No files recorded for this device" />
        ) : (
          <table className="data-table compact" data-testid="source-list">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col">Read by</th>
                <th scope="col">Items</th>
                <th scope="col">Size</th>
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {d.sources.map((s) => (
                <tr key={s.id} className={`status-${s.status}`}>
                  <td className="path">{s.path}</td>
                  <td>
                    <span className={`badge badge-${s.status}`}>{s.status}</span>
                    {s.errorCode ? (
                      <div className="error-text">
                        {s.errorCode}: {s.errorMessage}
                      </div>
                    ) : null}
                  </td>
                  <td>{s.parser ?? <span className="muted">none</span>}</td>
                  <td>
                    {Object.entries(s.counts)
                      .map(([k, v]) => `${formatCount(v)} ${k}`)
                      .join(', ') || <span className="muted">–</span>}
                  </td>
                  <td className="num">{formatBytes(s.size)}</td>
                  <td className="hash" title={s.sha256}>
                    {s.sha256.slice(0, 12)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </QueryState>
  );
}

function DeviceRow({ d }: { d: DeviceSummary }) {
  const [open, setOpen] = useState(false);
  const s = d.stats;
  const owner = d.identifiers.filter((i) => i.role === 'owner').map((i) => identifierLabel(i.key));
  return (
    <>
      <tr data-testid="device-row">
        <th scope="row">
          {d.label}
          {d.exhibit ? <div className="muted">exhibit {d.exhibit}</div> : null}
        </th>
        <td>
          {[d.model, d.os].filter(Boolean).join(' · ') || (
            <span className="muted">unknown model</span>
          )}
          {owner.length ? <div className="muted">owner {owner.join(', ')}</div> : null}
        </td>
        <td className="num">{formatCount(s?.counts.messages)}</td>
        <td className="num">{formatCount(s?.counts.calls)}</td>
        <td className="num">{formatCount(s?.counts.contacts)}</td>
        <td className="num">{formatCount(s?.counts.media)}</td>
        <td>
          {s ? (
            <span className="file-status">
              <span className="badge badge-parsed">{s.sources.parsed} read</span>
              {s.sources.partial ? (
                <span className="badge badge-partial">{s.sources.partial} partly read</span>
              ) : null}
              {s.sources.failed ? (
                <span className="badge badge-failed">{s.sources.failed} failed</span>
              ) : null}
              {s.sources.unsupported ? (
                <span className="badge badge-unsupported">
                  {s.sources.unsupported} not supported
                </span>
              ) : null}
            </span>
          ) : null}
        </td>
        <td>
          <button
            type="button"
            className="link-button"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide files' : 'Show files'}
          </button>
        </td>
      </tr>
      {s?.problems.length ? (
        <tr className="problems">
          <td colSpan={8}>
            <ul>
              {s.problems.map((p) => (
                <li key={p.path}>
                  <span className={`badge badge-${p.status}`}>{p.status}</span>{' '}
                  <code>{p.path}</code>
                  {p.code ? ` ${p.code}: ${p.message ?? ''}` : ''}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      ) : null}
      {open ? (
        <tr>
          <td colSpan={8}>
            <SourceList deviceId={d.id} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function Languages() {
  const { caseId } = useCase();
  const q = useQuery({
    queryKey: ['languages', caseId],
    queryFn: () => api.get<LanguageCounts>(caseUrl(caseId, '/languages')),
  });
  return (
    <QueryState query={q} what="languages">
      {(d) =>
        !d.identified ? (
          <EmptyState title="Languages not identified yet">
            Run <code>threadline translate</code> to identify and translate them.
          </EmptyState>
        ) : (
          <ul className="bars" data-testid="language-list">
            {d.languages.map((l) => {
              const total = d.languages.reduce((a, b) => a + b.messages, 0) || 1;
              return (
                <li key={l.language ?? 'none'}>
                  <Link href={l.language ? `/search${qs({ language: l.language })}` : '/search'}>
                    {languageName(l.language)}
                  </Link>
                  <span
                    className="bar"
                    style={{ width: `${Math.max(2, (100 * l.messages) / total)}%` }}
                  />
                  <span className="num">{formatCount(l.messages)}</span>
                </li>
              );
            })}
          </ul>
        )
      }
    </QueryState>
  );
}

export function OverviewView() {
  const { overview: o } = useCase();
  const t = o.totals;
  return (
    <div className="overview" data-testid="overview">
      <h1>Overview</h1>
      {o.case.description ? <p>{o.case.description}</p> : null}
      <section className="stats" aria-label="Totals">
        <Stat label="messages" value={t.messages} />
        <Stat label="calls" value={t.calls} />
        <Stat label="contacts" value={t.contacts} />
        <Stat label="conversations" value={t.threads} />
        <Stat label="locations" value={t.locations} />
        <Stat label="attachments" value={t.media} />
        <Stat label="identifiers" value={o.identifiers} />
      </section>

      <section aria-labelledby="devices-h">
        <h2 id="devices-h">Devices and what was read</h2>
        {o.devices.length === 0 ? (
          <EmptyState title="No devices ingested yet">
            Ingest an extraction:{' '}
            <code>threadline ingest {o.case.ref} ./exhibit --exhibit JS/1</code>
          </EmptyState>
        ) : (
          <table className="data-table" data-testid="device-table">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Model · owner</th>
                <th scope="col" className="num">
                  Messages
                </th>
                <th scope="col" className="num">
                  Calls
                </th>
                <th scope="col" className="num">
                  Contacts
                </th>
                <th scope="col" className="num">
                  Attachments
                </th>
                <th scope="col">Files</th>
                <th scope="col">
                  <span className="sr-only">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {o.devices.map((d) => (
                <DeviceRow key={d.id} d={d} />
              ))}
            </tbody>
          </table>
        )}
      </section>

      <div className="columns">
        <section aria-labelledby="lang-h" className="panel">
          <h2 id="lang-h">Languages found</h2>
          <Languages />
        </section>
        <section aria-labelledby="tr-h" className="panel">
          <h2 id="tr-h">Translation</h2>
          {o.translation.available ? (
            <div data-testid="translation-progress">
              <progress
                max={o.translation.translated + o.translation.pending}
                value={o.translation.translated}
              />
              <p>
                {formatCount(o.translation.translated)} translated,{' '}
                {formatCount(o.translation.pending)} waiting, {formatCount(o.translation.verified)}{' '}
                verified by a linguist
              </p>
            </div>
          ) : (
            <EmptyState title="No translations yet">
              Run <code>threadline translate</code>.
            </EmptyState>
          )}
        </section>
        <section aria-labelledby="fi-h" className="panel">
          <h2 id="fi-h">Findings to review</h2>
          {o.findings.available ? (
            <p>
              <Link href="/findings">{formatCount(o.findings.new)} to review</Link>,{' '}
              {formatCount(o.findings.accepted)} accepted, {formatCount(o.findings.rejected)}{' '}
              rejected
            </p>
          ) : (
            <EmptyState title="No findings yet">
              Run <code>threadline analyse</code>.
            </EmptyState>
          )}
        </section>
      </div>

      <section aria-labelledby="jobs-h">
        <h2 id="jobs-h">Work</h2>
        {o.jobs.running.length ? (
          <ul className="jobs" data-testid="jobs-running">
            {o.jobs.running.map((j) => (
              <li key={j.id}>
                {j.label} <progress max={1} value={j.progress ?? undefined} />{' '}
                {j.progress !== null ? `${Math.round(j.progress * 100)}%` : j.status}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Nothing running.</p>
        )}
        {o.ingests.length ? (
          <table className="data-table compact">
            <caption>Ingests</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Status</th>
                <th scope="col">Finished</th>
                <th scope="col">Items</th>
                <th scope="col">Threadline version</th>
              </tr>
            </thead>
            <tbody>
              {o.ingests.map((i) => (
                <tr key={i.id}>
                  <td>{i.deviceLabel}</td>
                  <td>
                    <span className={`badge badge-${i.status}`}>{i.status}</span>
                  </td>
                  <td>{formatTime(i.finishedAt)}</td>
                  <td>
                    {Object.entries(i.counts)
                      .map(([k, v]) => `${formatCount(v)} ${k}`)
                      .join(', ')}
                  </td>
                  <td>{i.toolVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}
