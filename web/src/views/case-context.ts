// The open case, for every view inside it.
import { createContext, useContext } from 'react';
import type { CaseOverview } from '../api/types';

export interface CaseContextValue {
  caseId: string;
  overview: CaseOverview;
}

export const CaseContext = createContext<CaseContextValue | null>(null);

export function useCase(): CaseContextValue {
  const c = useContext(CaseContext);
  if (!c) throw new Error('useCase outside a case');
  return c;
}
