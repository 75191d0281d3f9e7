// The three states every view has besides its content: loading, empty (with what to do next) and
// error (with the server's code, and a retry).
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      Loading {what}…
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty" role="status" data-testid="empty-state">
      <h3>{title}</h3>
      {children ? <div className="hint">{children}</div> : null}
    </div>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const e = error instanceof ApiError ? error : null;
  const message =
    e?.code === 'FORBIDDEN'
      ? 'You do not have access to this case.'
      : e?.code === 'UNAUTHENTICATED'
        ? 'Please sign in again.'
        : e?.code === 'NOT_FOUND'
          ? 'Not found in this case.'
          : (e?.message ?? (error instanceof Error ? error.message : 'Something went wrong.'));
  return (
    <div className="state state-error" role="alert" data-testid="error-state">
      <h3>Could not load this</h3>
      <p>{message}</p>
      {e ? <p className="muted">Code {e.code}</p> : null}
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Renders loading, error or the content of a query result. */
export function QueryState<T>({
  query,
  what,
  children,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: T | undefined;
    refetch: () => unknown;
  };
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading what={what} />;
  if (query.isError || query.data === undefined)
    return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
