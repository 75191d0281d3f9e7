// Where a message came from, on demand: the evidence file and its SHA-256, the record inside it,
// the parser and version, the raw time value and its encoding, and the raw values as read.
import { useQuery } from '@tanstack/react-query';
import { api, caseUrl } from '../api/client';
import type { MessageDetail } from '../api/types';
import { formatTime } from '../api/format';
import { QueryState } from '../components/state-views';
import { useCase } from './case-context';

export function ProvenancePanel({ messageId }: { messageId: string }) {
  const { caseId } = useCase();
  const q = useQuery({
    queryKey: ['message', caseId, messageId],
    queryFn: () =>
      api.get<{ message: MessageDetail }>(
        caseUrl(caseId, `/messages/${encodeURIComponent(messageId)}`),
      ),
  });
  return (
    <QueryState query={q} what="provenance">
      {({ message: m }) => (
        <dl className="provenance" data-testid="provenance">
          <dt>Device</dt>
          <dd>
            {m.provenance.deviceLabel}
            {m.provenance.exhibit ? ` (exhibit ${m.provenance.exhibit})` : ''}
          </dd>
          <dt>Source file</dt>
          <dd className="path">{m.provenance.path}</dd>
          <dt>SHA-256</dt>
          <dd className="hash">{m.provenance.sha256}</dd>
          <dt>Record</dt>
          <dd>
            <code>{m.provenance.locator}</code>
          </dd>
          <dt>Read by</dt>
          <dd>{m.provenance.parser}</dd>
          <dt>Time as stored</dt>
          <dd>
            <code>{m.sentRaw ?? 'none'}</code> ({m.sentEncoding ?? 'no encoding'}
            {m.sentZone ? `, zone ${m.sentZone}` : ''}) → {formatTime(m.sentAt)}
          </dd>
          {m.receivedAt !== null ? (
            <>
              <dt>Received</dt>
              <dd>{formatTime(m.receivedAt)}</dd>
            </>
          ) : null}
          <dt>Recovery</dt>
          <dd>
            {m.recovery}
            {m.deleted ? ' · deleted by the user' : ''}
          </dd>
          {m.flags.length ? (
            <>
              <dt>Flags</dt>
              <dd>{m.flags.join(', ')}</dd>
            </>
          ) : null}
          <dt>Message id</dt>
          <dd>
            <code>{m.id}</code>
          </dd>
          <dt>Raw values</dt>
          <dd>
            <pre className="raw">{JSON.stringify(m.raw, null, 2)}</pre>
          </dd>
        </dl>
      )}
    </QueryState>
  );
}
