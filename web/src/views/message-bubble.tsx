// One message as a chat bubble: original and translation side by side (engine and verification
// shown, with the linguist's verify/correct action), attachments, recovery and flags, annotations,
// and provenance on demand.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, caseUrl } from '../api/client';
import type { Annotation, Message, NameTable, Translation } from '../api/types';
import { formatBytes, formatTime, languageName } from '../api/format';
import { HighlightedText } from '../components/highlighted-text';
import { BlurredImage } from '../components/blurred-image';
import { IdentifierLabel } from '../components/identifier-label';
import { AnnotationControls } from './annotation-controls';
import { ProvenancePanel } from './provenance-panel';
import { useCase } from './case-context';

function TranslationColumn({
  m,
  t,
  invalidate,
}: {
  m: Message;
  t: Translation;
  invalidate: unknown[];
}) {
  const { caseId } = useCase();
  const qc = useQueryClient();
  const [correcting, setCorrecting] = useState(false);
  const [text, setText] = useState(t.text);
  const review = useMutation({
    mutationFn: (body: { action: 'verify' | 'correct'; text?: string }) =>
      api.post(caseUrl(caseId, `/messages/${encodeURIComponent(m.id)}/translation`), body),
    onSuccess: () => {
      setCorrecting(false);
      void qc.invalidateQueries({ queryKey: invalidate });
    },
  });
  return (
    <div className="translation" data-testid="translation">
      <div className="translation-meta">
        <span className={`badge badge-${t.status}`}>
          {t.status === 'machine'
            ? 'machine translation'
            : t.status === 'verified'
              ? 'verified'
              : 'corrected'}
        </span>{' '}
        {languageName(t.sourceLanguage)} → {languageName(t.targetLanguage)} · {t.engine}
        {t.model ? ` (${t.model})` : ''}
        {t.verifiedBy ? ` · by ${t.verifiedBy}, ${formatTime(t.verifiedAt)}` : ''}
      </div>
      {correcting ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) review.mutate({ action: 'correct', text });
          }}
        >
          <label>
            <span className="sr-only">Corrected translation</span>
            <textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={3}
              maxLength={20000}
              autoFocus
            />
          </label>
          <button type="submit">Save correction</button>{' '}
          <button type="button" className="link-button" onClick={() => setCorrecting(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="translation-text">
          <HighlightedText text={t.text} />
          {t.machineText && t.machineText !== t.text ? (
            <div className="muted">machine: {t.machineText}</div>
          ) : null}
        </div>
      )}
      {!correcting ? (
        <div className="translation-actions">
          {t.status === 'machine' ? (
            <button
              type="button"
              className="link-button"
              onClick={() => review.mutate({ action: 'verify' })}
            >
              Verify
            </button>
          ) : null}
          <button type="button" className="link-button" onClick={() => setCorrecting(true)}>
            Correct
          </button>
        </div>
      ) : null}
      {review.isError ? (
        <span className="error-text">{(review.error as Error).message}</span>
      ) : null}
    </div>
  );
}

export function MessageBubble({
  m,
  names,
  translation,
  annotations,
  focused,
  invalidate,
  isGroup,
}: {
  m: Message;
  names: NameTable;
  translation: Translation | undefined;
  annotations: Annotation[];
  focused: boolean;
  invalidate: unknown[];
  isGroup: boolean;
}) {
  const [showProvenance, setShowProvenance] = useState(false);
  const side = m.direction === 'outgoing' ? 'out' : m.direction === 'incoming' ? 'in' : 'unknown';
  return (
    <li
      className={`bubble-row ${side}${focused ? ' focused' : ''}${translation ? ' has-translation' : ''}`}
      id={`m-${m.id}`}
      data-testid="message"
      data-message-id={m.id}
    >
      <article
        className="bubble"
        tabIndex={0}
        data-bubble
        aria-label={`message ${formatTime(m.sentAt)}`}
      >
        <header className="bubble-meta">
          {m.direction === 'outgoing' ? (
            <span>device owner</span>
          ) : (
            <IdentifierLabel idKey={m.sender} names={names} deviceId={m.deviceId} />
          )}
          {isGroup && m.direction === 'outgoing' && m.recipients.length ? (
            <span className="muted"> to {m.recipients.length}</span>
          ) : null}
          <time dateTime={m.sentAt ? new Date(m.sentAt).toISOString() : undefined}>
            {formatTime(m.sentAt)}
          </time>
          {m.deleted ? <span className="badge badge-failed">deleted</span> : null}
          {m.recovery !== 'live' ? <span className="badge badge-partial">{m.recovery}</span> : null}
          {m.language ? <span className="lang">{languageName(m.language)}</span> : null}
        </header>
        <div className={translation ? 'side-by-side' : ''}>
          <div className="original">
            {m.subject ? <div className="subject">{m.subject}</div> : null}
            <HighlightedText
              text={m.body}
              fallback={m.attachments.length ? '(attachment only)' : '(no text)'}
            />
          </div>
          {translation ? <TranslationColumn m={m} t={translation} invalidate={invalidate} /> : null}
        </div>
        {m.attachments.length ? (
          <ul className="attachments" aria-label="Attachments">
            {m.attachments.map((a) => (
              <li key={a.id}>
                {a.contentUrl && a.mime?.startsWith('image/') ? (
                  <BlurredImage src={a.contentUrl} alt={a.filename ?? 'image attachment'} />
                ) : null}
                {a.contentUrl && /^(audio|video)\//.test(a.mime ?? '') ? (
                  <audio
                    controls
                    preload="none"
                    src={a.contentUrl}
                    aria-label={`Play ${a.filename ?? 'voice note'}`}
                  />
                ) : null}
                {a.transcript ? (
                  <div className="transcript" aria-label="Transcript">
                    <span className="muted">
                      Transcript ({a.transcript.kind === 'machine' ? 'machine' : 'corrected'},{' '}
                      {a.transcript.engine ?? 'unknown engine'}
                      {a.transcript.language ? `, ${a.transcript.language}` : ''}):
                    </span>{' '}
                    <span className="transcript-text">
                      {a.transcript.text || '(no speech recognised)'}
                    </span>
                  </div>
                ) : null}
                <span className="attachment">
                  📎 {a.filename ?? 'unnamed'} · {a.mime ?? 'unknown type'} · {formatBytes(a.size)}
                  {a.deleted ? ' · deleted' : ''}
                  {!a.contentUrl ? (
                    <span className="muted"> · content not in the extraction</span>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        {m.flags.length ? <div className="flags">⚠ {m.flags.join(', ')}</div> : null}
        <footer className="bubble-actions">
          <AnnotationControls
            targetId={m.id}
            targetKind="message"
            annotations={annotations}
            invalidate={invalidate}
          />
          <button
            type="button"
            className="link-button"
            aria-expanded={showProvenance}
            onClick={() => setShowProvenance(!showProvenance)}
            data-testid="provenance-toggle"
          >
            {showProvenance ? 'Hide provenance' : 'Provenance'}
          </button>
        </footer>
        {showProvenance ? <ProvenancePanel messageId={m.id} /> : null}
      </article>
    </li>
  );
}
