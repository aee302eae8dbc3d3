import { create } from 'zustand';
import type { JobKind } from '../../lib/contract';

/** A start that failed from a list row, shown above the list until dismissed. */
export interface StartFailure {
  repositoryId: number;
  kind: JobKind;
  error: unknown;
}

interface JobsUiState {
  /** The job whose log is open; the details drawer hides meanwhile (one layer at a time). */
  logJobId: string | null;
  startFailure: StartFailure | null;
  openLog: (id: string) => void;
  closeLog: () => void;
  setStartFailure: (failure: StartFailure | null) => void;
}

const initialState = { logJobId: null, startFailure: null } as const;

/** UI state only; the jobs themselves live in the react-query cache. */
export const useJobsUi = create<JobsUiState>()((set) => ({
  ...initialState,
  openLog: (logJobId) => set({ logJobId }),
  closeLog: () => set({ logJobId: null }),
  setStartFailure: (startFailure) => set({ startFailure }),
}));

/** Back to a fresh screen (tests, sign-out). */
export function resetJobsUi(): void {
  useJobsUi.setState(initialState);
}
