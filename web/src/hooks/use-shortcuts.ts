// Keyboard navigation: `g` then a letter goes to a view, `/` focuses search, `?` shows the list.
// Keys typed into fields are left alone.
import { useEffect, useRef } from 'react';

export interface Shortcut {
  keys: string;
  label: string;
  run: () => void;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

export function useShortcuts(shortcuts: Shortcut[]): void {
  const pendingG = useRef(0);
  const list = useRef(shortcuts);
  list.current = shortcuts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const now = Date.now();
      const key = now - pendingG.current < 1500 ? `g ${e.key}` : e.key;
      if (e.key === 'g' && key === 'g') {
        pendingG.current = now;
        return;
      }
      pendingG.current = 0;
      const s = list.current.find((x) => x.keys === key);
      if (s) {
        e.preventDefault();
        s.run();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
