// Activity over time across devices: messages and calls per day (per hour when zoomed to a week or
// less), stacked by device, in plain SVG; drag across the chart to zoom, click a bar (or use the
// arrow keys and Enter) for the events of that day or hour, each message opening its conversation.
// Activity by hour of day beside it. Times are UTC.
import { useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, caseUrl, qs } from '../api/client';
import { formatCount, formatTime, identifierLabel } from '../api/format';
import { EmptyState, ErrorState, Loading } from '../components/state-views';
import { useCase } from './case-context';
import './timeline/timeline.css';

interface Bin {
  t: number;
  messages: number;
  calls: number;
  byDevice: Record<string, number>;
}

interface TimelineResponse {
  bucket: 'day' | 'hour';
  bucketMs: number;
  first: number | null;
  last: number | null;
  bins: Bin[];
  hourOfDay: Array<{ hour: number; messages: number; calls: number }>;
  devices: Array<{
    id: string;
    label: string;
    exhibit: string | null;
    messages: number;
    calls: number;
  }>;
  apps: string[];
  undated: { messages: number; calls: number };
}

interface TimelineEvent {
  kind: 'message' | 'call';
  id: string;
  device: string;
  thread: string | null;
  app: string;
  direction: string;
  at: number;
  party: string | null;
  counterpart: string | null;
  preview: string | null;
  durationS: number | null;
}

const DEVICE_COLOURS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#8c564b',
  '#7f7f7f',
];
const W = 1000;
const H = 200;

function dayInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function binLabel(t: number, bucket: 'day' | 'hour'): string {
  const iso = new Date(t).toISOString();
  return bucket === 'day' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 13)}:00`;
}

function Histogram({
  data,
  colour,
  selected,
  onPick,
  onZoom,
}: {
  data: TimelineResponse;
  colour: (device: string) => string;
  selected: number | null;
  onPick(t: number): void;
  onZoom(from: number, to: number): void;
}) {
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const start = data.bins[0]!.t;
  const end = data.bins[data.bins.length - 1]!.t + data.bucketMs;
  const n = Math.max(1, Math.round((end - start) / data.bucketMs));
  const bw = W / n;
  const max = Math.max(...data.bins.map((b) => b.messages + b.calls));
  const x = (t: number) => ((t - start) / data.bucketMs) * bw;
  const tAt = (px: number) => start + Math.floor(px / bw) * data.bucketMs;
  const toSvgX = (e: PointerEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return Math.max(0, Math.min(W - 0.001, ((e.clientX - r.left) / r.width) * W));
  };
  const index = selected === null ? -1 : data.bins.findIndex((b) => b.t === selected);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      const i = Math.max(
        0,
        Math.min(data.bins.length - 1, index + (e.key === 'ArrowRight' ? 1 : -1)),
      );
      onPick(data.bins[i === -1 ? 0 : i]!.t);
    }
  };
  const ticks = useMemo(() => {
    const every = Math.max(1, Math.ceil(n / 8));
    const out: number[] = [];
    for (let i = 0; i < n; i += every) out.push(start + i * data.bucketMs);
    return out;
  }, [n, start, data.bucketMs]);
  return (
    <div className="histogram">
      <svg
        viewBox={`0 0 ${W} ${H + 24}`}
        preserveAspectRatio="none"
        role="application"
        aria-label={`Activity per ${data.bucket}: arrow keys move between ${data.bucket}s with activity, drag to zoom`}
        tabIndex={0}
        onKeyDown={onKey}
        data-testid="histogram"
        onPointerDown={(e) => {
          const p = toSvgX(e);
          setDrag({ a: p, b: p });
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          if (drag) setDrag({ ...drag, b: toSvgX(e) });
        }}
        onPointerUp={(e) => {
          if (!drag) return;
          const a = Math.min(drag.a, drag.b);
          const b = Math.max(drag.a, drag.b);
          setDrag(null);
          if (b - a > Math.max(6, bw)) onZoom(tAt(a), tAt(b) + data.bucketMs);
          else {
            const t = tAt(toSvgX(e));
            if (data.bins.some((x) => x.t === t)) onPick(t);
          }
        }}
      >
        <line x1={0} x2={W} y1={H} y2={H} className="axis" />
        {data.bins.map((bin) => {
          let y = H;
          const total = bin.messages + bin.calls;
          return (
            <g
              key={bin.t}
              className={bin.t === selected ? 'bar selected' : 'bar'}
              data-testid="histogram-bar"
              data-t={bin.t}
            >
              <title>
                {`${binLabel(bin.t, data.bucket)}: ${formatCount(bin.messages)} messages, ${formatCount(bin.calls)} calls`}
              </title>
              {Object.entries(bin.byDevice).map(([d, c]) => {
                const h = (c / max) * (H - 8);
                y -= h;
                return (
                  <rect
                    key={d}
                    x={x(bin.t) + bw * 0.08}
                    width={Math.max(0.8, bw * 0.84)}
                    y={y}
                    height={Math.max(h, 0.5)}
                    fill={colour(d)}
                  />
                );
              })}
              {/* a full-height hit area so small bars are easy to click */}
              <rect
                x={x(bin.t)}
                width={Math.max(bw, 1)}
                y={0}
                height={H}
                className="hit"
                aria-hidden="true"
              >
                <title>{`${binLabel(bin.t, data.bucket)}: ${formatCount(total)}`}</title>
              </rect>
            </g>
          );
        })}
        {drag ? (
          <rect
            x={Math.min(drag.a, drag.b)}
            width={Math.abs(drag.b - drag.a)}
            y={0}
            height={H}
            className="brush"
          />
        ) : null}
        {ticks.map((t) => (
          <text key={t} x={x(t)} y={H + 16} className="tick">
            {binLabel(t, data.bucket)}
          </text>
        ))}
      </svg>
      <p className="muted small">
        Peak {formatCount(max)} per {data.bucket}. Drag across the chart to zoom in.
      </p>
    </div>
  );
}

function HourOfDay({ data }: { data: TimelineResponse }) {
  const max = Math.max(1, ...data.hourOfDay.map((h) => h.messages + h.calls));
  const bw = W / 24;
  return (
    <svg
      viewBox={`0 0 ${W} ${140}`}
      className="hour-chart"
      role="img"
      aria-label="Activity by hour of day (UTC)"
      data-testid="hour-chart"
    >
      {data.hourOfDay.map((h) => {
        const v = h.messages + h.calls;
        const bh = (v / max) * 110;
        return (
          <g key={h.hour}>
            <title>{`${String(h.hour).padStart(2, '0')}:00 UTC: ${formatCount(h.messages)} messages, ${formatCount(h.calls)} calls`}</title>
            <rect
              x={h.hour * bw + 3}
              width={bw - 6}
              y={115 - bh}
              height={Math.max(bh, 0.5)}
              className="hour-bar"
            />
            {h.hour % 3 === 0 ? (
              <text x={h.hour * bw + bw / 2} y={134} className="tick" textAnchor="middle">
                {String(h.hour).padStart(2, '0')}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

function EventList({
  caseId,
  filter,
  window,
  labels,
}: {
  caseId: string;
  filter: Record<string, string | undefined>;
  window: { from: number; to: number };
  labels: Map<string, string>;
}) {
  const q = useInfiniteQuery({
    queryKey: ['timeline-events', caseId, filter, window],
    queryFn: ({ pageParam }) =>
      api.get<{ events: TimelineEvent[]; next: string | null }>(
        caseUrl(
          caseId,
          `/timeline/events${qs({ ...filter, from: String(window.from), to: String(window.to), cursor: pageParam, limit: 100 })}`,
        ),
      ),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  if (q.isPending) return <Loading what="events" />;
  if (q.isError) return <ErrorState error={q.error} retry={() => void q.refetch()} />;
  const events = q.data.pages.flatMap((p) => p.events);
  if (!events.length) return <EmptyState title="No messages or calls in this window" />;
  return (
    <>
      <table className="data-table compact" data-testid="timeline-events">
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Device</th>
            <th scope="col">App</th>
            <th scope="col">Between</th>
            <th scope="col">What</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} data-testid="timeline-event">
              <td>{formatTime(e.at)}</td>
              <td>{labels.get(e.device) ?? e.device}</td>
              <td>{e.app}</td>
              <td>
                {e.direction === 'outgoing' ? 'to ' : e.direction === 'incoming' ? 'from ' : ''}
                {identifierLabel(e.counterpart ?? e.party)}
              </td>
              <td>
                {e.kind === 'call' ? (
                  `call${e.durationS !== null ? `, ${Math.round(e.durationS)} s` : ''}`
                ) : e.thread ? (
                  <Link
                    href={`/threads/${encodeURIComponent(e.thread)}?m=${encodeURIComponent(e.id)}`}
                    data-testid="timeline-event-link"
                  >
                    {e.preview ?? '(no text)'}
                  </Link>
                ) : (
                  (e.preview ?? '(no text)')
                )}
              </td>
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
          Later events
        </button>
      ) : null}
    </>
  );
}

export function TimelineView() {
  const { caseId } = useCase();
  const [device, setDevice] = useState('');
  const [app, setApp] = useState('');
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const [history, setHistory] = useState<Array<{ from: number; to: number } | null>>([]);
  const [picked, setPicked] = useState<number | null>(null);
  const filter = { device: device || undefined, app: app || undefined };
  const q = useQuery({
    queryKey: ['timeline', caseId, filter, range],
    queryFn: () =>
      api.get<TimelineResponse>(
        caseUrl(
          caseId,
          `/timeline${qs({ ...filter, from: range ? String(range.from) : undefined, to: range ? String(range.to) : undefined })}`,
        ),
      ),
  });
  const colours = useMemo(() => {
    const m = new Map<string, string>();
    q.data?.devices.forEach((d, i) => m.set(d.id, DEVICE_COLOURS[i % DEVICE_COLOURS.length]!));
    return m;
  }, [q.data]);
  const labels = useMemo(
    () => new Map(q.data?.devices.map((d) => [d.id, d.label]) ?? []),
    [q.data],
  );
  const zoom = (next: { from: number; to: number } | null) => {
    setHistory((h) => [...h, range]);
    setRange(next);
    setPicked(null);
  };
  return (
    <div data-testid="timeline-view">
      <h1>Timeline</h1>
      <div className="filter-bar">
        <label>
          Device{' '}
          <select
            value={device}
            onChange={(e) => {
              setDevice(e.target.value);
              setPicked(null);
            }}
          >
            <option value="">all devices</option>
            {q.data?.devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          App{' '}
          <select
            value={app}
            onChange={(e) => {
              setApp(e.target.value);
              setPicked(null);
            }}
          >
            <option value="">all apps</option>
            {q.data?.apps.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          From{' '}
          <input
            type="date"
            value={range ? dayInput(range.from) : ''}
            onChange={(e) => {
              const t = Date.parse(e.target.value);
              if (Number.isFinite(t))
                zoom({ from: t, to: range?.to ?? (q.data?.last ?? t) + 86_400_000 });
            }}
          />
        </label>
        <label>
          To{' '}
          <input
            type="date"
            value={range ? dayInput(range.to - 1) : ''}
            onChange={(e) => {
              const t = Date.parse(e.target.value);
              if (Number.isFinite(t))
                zoom({ from: range?.from ?? q.data?.first ?? 0, to: t + 86_400_000 });
            }}
          />
        </label>
        <button
          type="button"
          disabled={history.length === 0}
          onClick={() => {
            setRange(history[history.length - 1] ?? null);
            setHistory((h) => h.slice(0, -1));
            setPicked(null);
          }}
        >
          Zoom out
        </button>
        <button
          type="button"
          disabled={range === null}
          onClick={() => {
            setRange(null);
            setHistory([]);
            setPicked(null);
          }}
        >
          Whole case
        </button>
      </div>
      {q.isPending ? (
        <Loading what="timeline" />
      ) : q.isError ? (
        <ErrorState error={q.error} retry={() => void q.refetch()} />
      ) : q.data.bins.length === 0 ? (
        <EmptyState title="No dated messages or calls here">
          {q.data.undated.messages + q.data.undated.calls > 0
            ? `${formatCount(q.data.undated.messages)} messages and ${formatCount(q.data.undated.calls)} calls have no time and cannot be placed.`
            : 'Ingest a device, or widen the filters.'}
        </EmptyState>
      ) : (
        <>
          <p className="muted" data-testid="timeline-summary">
            {formatTime(q.data.first)} – {formatTime(q.data.last)} · per {q.data.bucket}
            {q.data.undated.messages + q.data.undated.calls > 0
              ? ` · ${formatCount(q.data.undated.messages + q.data.undated.calls)} items without a time not shown`
              : ''}
          </p>
          <ul className="legend" aria-label="Devices">
            {q.data.devices
              .filter((d) => d.messages + d.calls > 0)
              .map((d) => (
                <li key={d.id}>
                  <span
                    className="swatch"
                    aria-hidden="true"
                    ref={(el) => {
                      if (el) el.style.background = colours.get(d.id) ?? '#999';
                    }}
                  />
                  {d.label}: {formatCount(d.messages)} messages, {formatCount(d.calls)} calls
                </li>
              ))}
          </ul>
          <Histogram
            data={q.data}
            colour={(d) => colours.get(d) ?? '#999'}
            selected={picked}
            onPick={setPicked}
            onZoom={(from, to) => zoom({ from, to })}
          />
          <div className="timeline-lower">
            <section aria-label="Events">
              <h2>
                {picked === null
                  ? 'Events'
                  : `Events of ${binLabel(picked, q.data.bucket)}${q.data.bucket === 'hour' ? ' UTC' : ''}`}
              </h2>
              {picked === null ? (
                <p className="muted">
                  Click a bar (or focus the chart and use the arrow keys) to list its messages and
                  calls.
                </p>
              ) : (
                <EventList
                  caseId={caseId}
                  filter={filter}
                  window={{ from: picked, to: picked + q.data.bucketMs }}
                  labels={labels}
                />
              )}
            </section>
            <section aria-label="By hour of day">
              <h2>By hour of day (UTC)</h2>
              <HourOfDay data={q.data} />
            </section>
          </div>
        </>
      )}
    </div>
  );
}
