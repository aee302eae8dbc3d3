import { Box, Center, Loader, MantineProvider } from '@mantine/core';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { AuthGate } from '../features/auth/auth-gate';
import type { TokenSession } from '../features/auth/token-session';
import { RepositoriesScreen } from '../features/repositories/repositories-screen';
import { BorgMissingAlert } from '../features/system/borg-status';
import { SystemWarnings } from '../features/system/system-warnings';
import { TransportContext } from '../transport/transport-context';
import type { Transport } from '../transport/types';
import { AppHeader } from './app-header';
import { NavigationContext, type Screen } from './navigation';
import { createQueryClient } from './query-client';
import { theme } from './theme';

interface AppProps {
  transport: Transport;
  /** The browser's token session; null in Electron. */
  session: TokenSession | null;
  /** 'test' turns off Mantine's transitions and portals for jsdom. */
  env?: 'default' | 'test';
  /** The page's client, holding the first screen's answers (mount.tsx); a new one when absent. */
  queryClient?: QueryClient;
}

export function App({ transport, session, env = 'default', queryClient: given }: AppProps) {
  const [queryClient] = useState(() => given ?? createQueryClient());
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" env={env}>
      <TransportContext.Provider value={transport}>
        <QueryClientProvider client={queryClient}>
          <AuthGate session={session}>
            <AppShell />
          </AuthGate>
        </QueryClientProvider>
      </TransportContext.Provider>
    </MantineProvider>
  );
}

// Most sessions never open it.
const ConnectionsScreen = lazy(() => import('../features/connections/connections-screen').then((m) => ({ default: m.ConnectionsScreen })));

/** Header with the navigation, borg warning, then the current screen filling the rest of the window. */
function AppShell() {
  const [screen, setScreen] = useState<Screen>('repositories');
  const navigation = useMemo(() => ({ screen, go: setScreen }), [screen]);
  return (
    <NavigationContext.Provider value={navigation}>
      <Box style={{ display: 'flex', flexDirection: 'column', height: '100dvh' }}>
        <AppHeader />
        <BorgMissingAlert />
        <SystemWarnings />
        <Box style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }} component="main">
          {screen === 'connections' ? (
            <Suspense
              fallback={
                <Center py="xl">
                  <Loader aria-label="Loading connections" />
                </Center>
              }
            >
              <ConnectionsScreen />
            </Suspense>
          ) : (
            <RepositoriesScreen />
          )}
        </Box>
      </Box>
    </NavigationContext.Provider>
  );
}
