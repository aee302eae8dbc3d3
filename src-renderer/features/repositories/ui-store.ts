import { create } from 'zustand';

/** Which modal is open. Only one at a time: the details drawer hides while a modal is up. */
export type RepositoryDialog =
  | { kind: 'create' }
  | { kind: 'import' }
  | { kind: 'edit'; id: number }
  | { kind: 'delete'; id: number }
  | null;

interface RepositoriesUiState {
  selectedId: number | null;
  dialog: RepositoryDialog;
  filter: string;
  select: (id: number | null) => void;
  openDialog: (dialog: Exclude<RepositoryDialog, null>) => void;
  closeDialog: () => void;
  setFilter: (filter: string) => void;
}

const initialState = { selectedId: null, dialog: null, filter: '' } as const;

/** UI state only; everything the server knows lives in the react-query cache. */
export const useRepositoriesUi = create<RepositoriesUiState>()((set) => ({
  ...initialState,
  select: (selectedId) => set({ selectedId }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  setFilter: (filter) => set({ filter }),
}));

/** Back to a fresh screen (tests, sign-out). */
export function resetRepositoriesUi(): void {
  useRepositoriesUi.setState(initialState);
}
