import { createContext, useContext } from 'react';

export type Screen = 'repositories' | 'connections';

export interface Navigation {
  screen: Screen;
  go: (screen: Screen) => void;
}

/** Which screen fills the window. Plain React state in the shell: a new window starts on Repositories. */
export const NavigationContext = createContext<Navigation>({ screen: 'repositories', go: () => undefined });

export function useNavigation(): Navigation {
  return useContext(NavigationContext);
}
