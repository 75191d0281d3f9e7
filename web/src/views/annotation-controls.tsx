// Tag, note and bookmark on an item; what others added is listed with who and when.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, caseUrl } from '../api/client';
import type { Annotation } from '../api/types';
import { formatTime } from '../api/format';
import { useCase } from './case-context';

export function AnnotationControls({
  targetId,
  targetKind,
  annotations,
  invalidate,
}: {
  targetId: string;
  targetKind: 'message' | 'thread' | 'finding';
  annotations: Annotation[];
  invalidate: unknown[];
}) {
  const { caseId } = useCase();
  const qc = useQueryClient();
  const [mode, setMode] = useState<'tag' | 'note' | null>(null);
  const [text, setText] = useState('');
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: invalidate });
    void qc.invalidateQueries({ queryKey: ['annotations', caseId] });
  };
  const add = useMutation({
    mutationFn: (a: { kind: 'tag' | 'note' | 'bookmark'; value: string }) =>
      api.post(caseUrl(caseId, '/annotations'), { targetId, targetKind, ...a }),
    onSuccess: () => {
      setMode(null);
      setText('');
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(caseUrl(caseId, `/annotations/${id}`)),
    onSuccess: refresh,
  });
  const bookmark = annotations.find((a) => a.kind === 'bookmark');
  return (
    <div className="annotations">
      {annotations
        .filter((a) => a.kind !== 'bookmark')
        .map((a) => (
          <span
            key={a.id}
            className={`annotation annotation-${a.kind}`}
            title={`${a.createdBy}, ${formatTime(a.createdAt)}`}
          >
            {a.kind === 'tag' ? `#${a.value}` : `Note: ${a.value}`}
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${a.kind} ${a.value}`}
              onClick={() => remove.mutate(a.id)}
            >
              ×
            </button>
          </span>
        ))}
      <span className="annotation-actions">
        <button
          type="button"
          className="link-button"
          aria-pressed={!!bookmark}
          onClick={() =>
            bookmark ? remove.mutate(bookmark.id) : add.mutate({ kind: 'bookmark', value: '' })
          }
          data-testid="bookmark"
        >
          {bookmark ? '★ Bookmarked' : '☆ Bookmark'}
        </button>
        <button
          type="button"
          className="link-button"
          onClick={() => setMode(mode === 'tag' ? null : 'tag')}
        >
          Tag
        </button>
        <button
          type="button"
          className="link-button"
          onClick={() => setMode(mode === 'note' ? null : 'note')}
        >
          Note
        </button>
      </span>
      {mode ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) add.mutate({ kind: mode, value: text });
          }}
        >
          <label>
            <span className="sr-only">{mode}</span>
            {mode === 'note' ? (
              <textarea
                value={text}
                onChange={(e) => setText(e.target.value)}
                rows={2}
                maxLength={4000}
                autoFocus
              />
            ) : (
              <input
                value={text}
                onChange={(e) => setText(e.target.value)}
                maxLength={100}
                autoFocus
                placeholder="tag"
              />
            )}
          </label>
          <button type="submit">Add {mode}</button>
        </form>
      ) : null}
      {add.isError ? <span className="error-text">{(add.error as Error).message}</span> : null}
    </div>
  );
}
