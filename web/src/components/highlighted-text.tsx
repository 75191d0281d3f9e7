// Text from evidence, safely rendered: search matches (the store's \u0002…\u0003 markers) become
// <mark>, and bidi controls and zero-width characters are shown as visible markers. Never HTML.
import { Fragment } from 'react';
import { revealHidden } from '../api/format';

export function HighlightedText({ text, fallback }: { text: string | null; fallback?: string }) {
  if (text === null || text === '') return <span className="muted">{fallback ?? '(no text)'}</span>;
  const parts = text.split(/(\u0002[^\u0003]*\u0003)/u);
  return (
    <>
      {parts.map((p, i) =>
        p.startsWith('\u0002') ? (
          <mark key={i}>{revealHidden(p.slice(1, -1))}</mark>
        ) : (
          <Fragment key={i}>{revealHidden(p.replace(/[\u0002\u0003]/g, ''))}</Fragment>
        ),
      )}
    </>
  );
}
