// The HTML case report: items an analyst chose (bookmarked items, whole conversations, findings),
// each with its provenance (evidence file, SHA-256, record, parser, device), under the case's
// protective marking at the top and bottom of the page and of every printed page. Gathered from
// the store by `gatherReport`, rendered by `renderHtmlReport` (every value escaped: evidence text
// is hostile input). One self-contained file, no scripts, no external resources.
import type { Store } from '../store/store.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { isoUtc } from '../model/timestamps.js';
import { listAnnotations } from '../store/queries/annotations.js';
import { getFinding, type FindingDetail } from '../detect/findings-store.js';

export interface ReportSelection {
  /** Include every bookmarked message, call and conversation of the case. */
  bookmarks: boolean;
  threads: string[];
  findings: string[];
}

export interface ReportProvenance {
  path: string;
  sha256: string;
  locator: string;
  parser: string;
  device: string;
  exhibit: string | null;
}

export interface ReportMessage {
  id: string;
  at: string | null;
  direction: string;
  sender: string | null;
  recipients: string[];
  app: string;
  body: string | null;
  translation: string | null;
  deleted: boolean;
  provenance: ReportProvenance;
}

export interface ReportCall {
  id: string;
  at: string | null;
  direction: string;
  caller: string | null;
  callees: string[];
  app: string;
  durationS: number | null;
  provenance: ReportProvenance;
}

export interface ReportThread {
  id: string;
  name: string | null;
  app: string;
  participants: string[];
  device: string;
  total: number;
  messages: ReportMessage[];
}

export interface ReportData {
  kase: { id: string; ref: string; title: string | null; marking: string };
  title: string;
  purpose: string;
  author: string;
  generatedAt: string;
  toolVersion: string;
  bookmarks: { messages: ReportMessage[]; calls: ReportCall[]; threads: ReportThread[] } | null;
  threads: ReportThread[];
  findings: Array<{ finding: FindingDetail; messages: ReportMessage[]; calls: ReportCall[] }>;
  /** Ids of every item in the report (for the audit record). */
  itemIds: string[];
}

/** Most messages of one conversation put in a report (the count left out is stated). */
export const THREAD_MESSAGE_LIMIT = 2000;

async function messagesById(store: Store, caseId: string, ids: string[]): Promise<ReportMessage[]> {
  const out: ReportMessage[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await store.db
      .selectFrom('messages as m')
      .innerJoin('sources as s', 's.id', 'm.source_id')
      .innerJoin('devices as d', 'd.id', 'm.device_id')
      .select([
        'm.id',
        'm.sent_at',
        'm.direction',
        'm.sender',
        'm.recipients',
        'm.app',
        'm.body',
        'm.deleted',
        'm.locator',
        'm.parser',
        's.path',
        's.sha256',
        'd.label',
        'd.exhibit',
      ])
      .where('m.case_id', '=', caseId)
      .where('m.id', 'in', ids.slice(i, i + 500))
      .orderBy('m.sent_at')
      .orderBy('m.seq')
      .execute();
    out.push(...rows.map(toMessage));
  }
  return withTranslations(store, caseId, out);
}

type MessageRow = {
  id: string;
  sent_at: number | null;
  direction: string;
  sender: string | null;
  recipients: string;
  app: string;
  body: string | null;
  deleted: number;
  locator: string;
  parser: string;
  path: string;
  sha256: string;
  label: string;
  exhibit: string | null;
};

function toMessage(r: MessageRow): ReportMessage {
  return {
    id: r.id,
    at: isoUtc(r.sent_at === null ? null : Number(r.sent_at)),
    direction: r.direction,
    sender: r.sender,
    recipients: JSON.parse(r.recipients) as string[],
    app: r.app,
    body: r.body,
    translation: null,
    deleted: Number(r.deleted) === 1,
    provenance: {
      path: r.path,
      sha256: r.sha256,
      locator: r.locator,
      parser: r.parser,
      device: r.label,
      exhibit: r.exhibit,
    },
  };
}

/** The current English translation of each message, where the language module made one. */
async function withTranslations(
  store: Store,
  caseId: string,
  ms: ReportMessage[],
): Promise<ReportMessage[]> {
  if (!ms.length) return ms;
  const byId = new Map(ms.map((m) => [m.id, m]));
  for (let i = 0; i < ms.length; i += 500) {
    const rows = await store.db
      .selectFrom('translations')
      .select(['message_id', 'text', 'target_language'])
      .where('case_id', '=', caseId)
      .where('current', '=', 1)
      .where(
        'message_id',
        'in',
        ms.slice(i, i + 500).map((m) => m.id),
      )
      .execute();
    for (const t of rows)
      if (t.target_language === 'en' || t.target_language.startsWith('en-')) {
        const m = byId.get(t.message_id);
        if (m) m.translation = t.text;
      }
  }
  return ms;
}

async function callsById(store: Store, caseId: string, ids: string[]): Promise<ReportCall[]> {
  const out: ReportCall[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await store.db
      .selectFrom('calls as c')
      .innerJoin('sources as s', 's.id', 'c.source_id')
      .innerJoin('devices as d', 'd.id', 'c.device_id')
      .select([
        'c.id',
        'c.started_at',
        'c.direction',
        'c.caller',
        'c.callees',
        'c.app',
        'c.duration_s',
        'c.locator',
        'c.parser',
        's.path',
        's.sha256',
        'd.label',
        'd.exhibit',
      ])
      .where('c.case_id', '=', caseId)
      .where('c.id', 'in', ids.slice(i, i + 500))
      .orderBy('c.started_at')
      .execute();
    out.push(
      ...rows.map((r) => ({
        id: r.id,
        at: isoUtc(r.started_at === null ? null : Number(r.started_at)),
        direction: r.direction,
        caller: r.caller,
        callees: JSON.parse(r.callees) as string[],
        app: r.app,
        durationS: r.duration_s === null ? null : Number(r.duration_s),
        provenance: {
          path: r.path,
          sha256: r.sha256,
          locator: r.locator,
          parser: r.parser,
          device: r.label,
          exhibit: r.exhibit,
        },
      })),
    );
  }
  return out;
}

async function threadsById(store: Store, caseId: string, ids: string[]): Promise<ReportThread[]> {
  const out: ReportThread[] = [];
  for (const id of ids) {
    const t = await store.db
      .selectFrom('threads as t')
      .innerJoin('devices as d', 'd.id', 't.device_id')
      .select(['t.id', 't.name', 't.app', 't.participants', 'd.label'])
      .where('t.case_id', '=', caseId)
      .where('t.id', '=', id)
      .executeTakeFirst();
    if (!t)
      throw new AppError(ErrorCodes.NOT_FOUND, 'no such conversation in this case', {
        fields: ['threads'],
      });
    const ids = await store.db
      .selectFrom('messages')
      .select('id')
      .where('case_id', '=', caseId)
      .where('thread_id', '=', id)
      .orderBy('sent_at')
      .orderBy('seq')
      .execute();
    out.push({
      id: t.id,
      name: t.name,
      app: t.app,
      participants: JSON.parse(t.participants) as string[],
      device: t.label,
      total: ids.length,
      messages: await messagesById(
        store,
        caseId,
        ids.slice(0, THREAD_MESSAGE_LIMIT).map((r) => r.id),
      ),
    });
  }
  return out;
}

export async function gatherReport(
  store: Store,
  kase: { id: string; ref: string; title: string | null; marking: string },
  sel: ReportSelection,
  meta: { title: string; purpose: string; author: string; toolVersion: string; now: number },
): Promise<ReportData> {
  let bookmarks: ReportData['bookmarks'] = null;
  if (sel.bookmarks) {
    const marks = await listAnnotations(store, kase.id, { kind: 'bookmark', limit: 10_000 });
    const of = (k: string) => [
      ...new Set(marks.filter((a) => a.targetKind === k).map((a) => a.targetId)),
    ];
    bookmarks = {
      messages: await messagesById(store, kase.id, of('message')),
      calls: await callsById(store, kase.id, of('call')),
      threads: await threadsById(store, kase.id, of('thread')),
    };
  }
  const threads = await threadsById(store, kase.id, [...new Set(sel.threads)]);
  const findings = [];
  for (const id of [...new Set(sel.findings)]) {
    const finding = await getFinding(store, kase.id, id);
    findings.push({
      finding,
      messages: await messagesById(
        store,
        kase.id,
        finding.evidence.filter((e) => e.kind === 'message').map((e) => e.id),
      ),
      calls: await callsById(
        store,
        kase.id,
        finding.evidence.filter((e) => e.kind === 'call').map((e) => e.id),
      ),
    });
  }
  const itemIds = [
    ...(bookmarks
      ? [
          ...bookmarks.messages.map((m) => m.id),
          ...bookmarks.calls.map((c) => c.id),
          ...bookmarks.threads.flatMap((t) => [t.id, ...t.messages.map((m) => m.id)]),
        ]
      : []),
    ...threads.flatMap((t) => [t.id, ...t.messages.map((m) => m.id)]),
    ...findings.flatMap((f) => [
      f.finding.id,
      ...f.messages.map((m) => m.id),
      ...f.calls.map((c) => c.id),
    ]),
  ];
  return {
    kase,
    title: meta.title,
    purpose: meta.purpose,
    author: meta.author,
    generatedAt: new Date(meta.now).toISOString(),
    toolVersion: meta.toolVersion,
    bookmarks,
    threads,
    findings,
    itemIds: [...new Set(itemIds)],
  };
}

// ---------------------------------------------------------------------------------- rendering

const ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ESC[c]!);
}

function provenance(p: ReportProvenance): string {
  return `<dl class="prov"><dt>Device</dt><dd>${esc(p.device)}${p.exhibit ? ` (exhibit ${esc(p.exhibit)})` : ''}</dd><dt>Source file</dt><dd class="mono">${esc(p.path)}</dd><dt>SHA-256</dt><dd class="mono">${esc(p.sha256)}</dd><dt>Record</dt><dd class="mono">${esc(p.locator)}</dd><dt>Parser</dt><dd class="mono">${esc(p.parser)}</dd></dl>`;
}

function message(m: ReportMessage): string {
  return `<div class="item" id="${esc(m.id)}"><div class="meta">${esc(m.at ?? 'time unknown')} · ${esc(m.app)} · ${esc(m.direction)} · from ${esc(m.sender ?? 'unknown')} to ${esc(m.recipients.join(', ') || 'unknown')}${m.deleted ? ' · <strong>deleted (recovered)</strong>' : ''}</div><blockquote>${esc(m.body ?? '(no text)')}</blockquote>${m.translation ? `<blockquote class="tr"><span class="label">Translation (machine or verified, see the workbench):</span> ${esc(m.translation)}</blockquote>` : ''}${provenance(m.provenance)}<div class="id">Item ${esc(m.id)}</div></div>`;
}

function call(c: ReportCall): string {
  return `<div class="item" id="${esc(c.id)}"><div class="meta">${esc(c.at ?? 'time unknown')} · ${esc(c.app)} call · ${esc(c.direction)} · from ${esc(c.caller ?? 'unknown')} to ${esc(c.callees.join(', ') || 'unknown')}${c.durationS !== null ? ` · ${esc(Math.round(c.durationS))} s` : ''}</div>${provenance(c.provenance)}<div class="id">Item ${esc(c.id)}</div></div>`;
}

function thread(t: ReportThread): string {
  const left = t.total - t.messages.length;
  return `<section class="thread" id="${esc(t.id)}"><h3>${esc(t.name ?? (t.participants.join(', ') || 'conversation'))}</h3><p class="meta">${esc(t.app)} on ${esc(t.device)} · ${esc(t.total)} message${t.total === 1 ? '' : 's'}${left > 0 ? ` (first ${esc(t.messages.length)} included; ${esc(left)} left out)` : ''} · conversation ${esc(t.id)}</p>${t.messages.map(message).join('')}</section>`;
}

function finding(f: ReportData['findings'][number]): string {
  const x = f.finding;
  const reviews = x.reviews.length
    ? `<ul>${x.reviews.map((r) => `<li>${r.decision === 'accept' ? 'Accepted' : 'Rejected'} by ${esc(r.actorName)} on ${esc(isoUtc(r.createdAt))}: “${esc(r.reason)}”</li>`).join('')}</ul>`
    : '<p>Not yet reviewed.</p>';
  return `<section class="finding" id="${esc(x.id)}"><h3>${esc(x.title)}</h3><p class="meta">Rule ${esc(x.ruleId)} v${esc(x.ruleVersion)} · ${esc(x.crimeType)} · severity ${esc(x.severity)} · score ${esc(x.score.toFixed(2))} · status ${esc(x.status)}${x.active ? '' : ' · no longer raised by the latest analysis'}</p><p class="notice">${esc(x.notice)}</p><table><thead><tr><th>Indicator</th><th>Weight</th><th>Detail</th></tr></thead><tbody>${x.indicators.map((i) => `<tr><td>${esc(i.label)}</td><td class="num">${esc(i.weight.toFixed(2))}</td><td>${esc(i.detail)}</td></tr>`).join('')}</tbody></table><h4>Benign explanations</h4>${x.benign.length ? `<ul>${x.benign.map((b) => `<li>${esc(b)}</li>`).join('')}</ul>` : '<p>None listed by the rule.</p>'}<h4>Missing data</h4>${x.missing.length ? `<ul>${x.missing.map((b) => `<li>${esc(b)}</li>`).join('')}</ul>` : '<p>Nothing recorded as missing.</p>'}<h4>Reviews</h4>${reviews}<h4>Evidence</h4>${f.messages.map(message).join('')}${f.calls.map(call).join('')}</section>`;
}

const STYLE = `body{font-family:system-ui,'Segoe UI','Noto Sans',sans-serif;color:#1b1f24;margin:0;line-height:1.45}
main{margin:3.2rem 2rem}.marking{position:fixed;left:0;right:0;background:#14213d;color:#fff;text-align:center;font-weight:700;letter-spacing:.08em;padding:.25rem;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.marking.top{top:0}.marking.bottom{bottom:0}h1{font-size:1.6rem}h2{border-bottom:2px solid #d0d7de;margin-top:2rem}
.meta{color:#57606a;font-size:.9em}.item{border-top:1px solid #d0d7de;padding:.5rem 0;break-inside:avoid}
blockquote{margin:.3rem 0;padding:.3rem .6rem;background:#f6f8fa;border-left:3px solid #d0d7de;white-space:pre-wrap}
blockquote.tr{border-left-color:#0550ae}.label{color:#57606a;font-size:.85em}
.prov{display:grid;grid-template-columns:max-content 1fr;gap:0 .8rem;font-size:.8em;color:#3b434b;margin:.3rem 0}.prov dt{font-weight:600}.prov dd{margin:0}
.mono,.id{font-family:ui-monospace,'DejaVu Sans Mono',monospace;word-break:break-all}.id{font-size:.75em;color:#57606a}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left;vertical-align:top}.num{text-align:right}
.notice{background:#fff8c5;border:1px solid #d4a72c;padding:.3rem .6rem}
@media print{main{margin:2.4rem 1rem}}`;

export function renderHtmlReport(d: ReportData): string {
  const k = d.kase;
  const sections: string[] = [];
  if (d.bookmarks) {
    const b = d.bookmarks;
    const n = b.messages.length + b.calls.length + b.threads.length;
    sections.push(
      `<section id="bookmarks"><h2>Bookmarked items (${n})</h2>${n ? '' : '<p>No bookmarks in this case.</p>'}${b.messages.map(message).join('')}${b.calls.map(call).join('')}${b.threads.map(thread).join('')}</section>`,
    );
  }
  if (d.threads.length)
    sections.push(
      `<section id="threads"><h2>Conversations (${d.threads.length})</h2>${d.threads.map(thread).join('')}</section>`,
    );
  if (d.findings.length)
    sections.push(
      `<section id="findings"><h2>Findings (${d.findings.length})</h2><p>Findings are indicators produced by rules for a person to review; they are not conclusions.</p>${d.findings.map(finding).join('')}</section>`,
    );
  const marking = esc(k.marking);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${marking} · ${esc(k.ref)} · ${esc(d.title)}</title><style>${STYLE}</style></head>
<body><header class="marking top" data-marking="top">${marking}</header><main>
<h1>${esc(d.title)}</h1>
<table class="cover"><tbody>
<tr><th>Case</th><td>${esc(k.ref)}${k.title ? ` · ${esc(k.title)}` : ''}</td></tr>
<tr><th>Protective marking</th><td>${marking}</td></tr>
<tr><th>Purpose</th><td>${esc(d.purpose)}</td></tr>
<tr><th>Produced by</th><td>${esc(d.author)}</td></tr>
<tr><th>Produced at</th><td>${esc(d.generatedAt)}</td></tr>
<tr><th>Tool</th><td>Threadline ${esc(d.toolVersion)}</td></tr>
<tr><th>Items</th><td>${esc(d.itemIds.length)}</td></tr>
</tbody></table>
<p>Every item shows where it was read from: the evidence file, its SHA-256, the record within it and the parser. Times are UTC.</p>
${sections.join('\n') || '<p>No items were chosen.</p>'}
</main><footer class="marking bottom" data-marking="bottom">${marking}</footer></body></html>
`;
}
