// The messages and calls behind a link, newest first, each message linking to its conversation at
// that message, with the record it was read from.
import { Link } from 'wouter';
import type { EvidenceItem } from '../../api/graph-types';
import { identifierLabel } from '../../api/format';

function when(at: string | null): string {
  return at ? `${at.slice(0, 16).replace('T', ' ')} UTC` : 'time unknown';
}

export function EvidenceList({
  items,
  total,
  labels,
}: {
  items: EvidenceItem[];
  total: number;
  labels: Record<string, string>;
}) {
  if (!items.length)
    return (
      <p className="muted" data-testid="evidence-empty">
        No messages or calls: the two are linked only by a saved contact.
      </p>
    );
  const name = (k: string) => labels[k] ?? identifierLabel(k);
  return (
    <>
      <p className="muted">
        {items.length < total ? `Newest ${items.length} of ${total}` : `${total}`} item
        {total === 1 ? '' : 's'}
      </p>
      <ol className="evidence-list" data-testid="evidence-list">
        {items.map((i) => (
          <li key={i.id} data-testid="evidence-item" data-kind={i.kind}>
            <div className="evidence-head">
              <span className="badge">{i.kind === 'call' ? 'call' : i.app}</span>{' '}
              <time dateTime={i.at ?? undefined}>{when(i.at)}</time>{' '}
              <span className="muted">
                {name(i.from)} {i.directionKnown ? '→' : '–'} {name(i.to)}
              </span>
            </div>
            {i.kind === 'call' ? (
              <div>Call{i.durationS !== null ? `, ${Math.round(i.durationS)} s` : ''}</div>
            ) : i.thread ? (
              <Link
                href={`/threads/${encodeURIComponent(i.thread)}?m=${encodeURIComponent(i.id)}`}
                data-testid="evidence-link"
              >
                {i.preview ?? '(no text)'}
              </Link>
            ) : (
              <div>{i.preview ?? '(no text)'}</div>
            )}
            <div className="muted small">
              Record <span className="path">{i.locator}</span>
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}
