import { Button, Center, Group, Loader, Stack } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTransport } from '../../transport/transport-context';
import { ErrorAlert } from '../../ui/error-alert';
import { prefetchFirstScreen, whoamiQuery } from '../../app/first-screen';
import { resetRepositoriesUi } from '../repositories/ui-store';
import { LoginScreen } from './login-screen';
import { RoleContext } from './role-context';
import type { TokenSession } from './token-session';

const REJECTED_NOTICE = 'The server did not accept the access token, or the session has ended. Sign in again with a valid token.';

/** Null in the desktop app, where there is nothing to sign out of. */
const SignOutContext = createContext<(() => void) | null>(null);

export function useSignOut(): (() => void) | null {
  return useContext(SignOutContext);
}

/** Lets the app in only with a role: always admin over IPC, whatever the token grants over HTTP. */
export function AuthGate({ session, children }: { session: TokenSession | null; children: ReactNode }) {
  if (session === null) return <RoleContext.Provider value="admin">{children}</RoleContext.Provider>;
  return <TokenGate session={session}>{children}</TokenGate>;
}

function TokenGate({ session, children }: { session: TokenSession; children: ReactNode }) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const token = useSyncExternalStore(session.subscribe, session.get);
  const whoami = useQuery({ ...whoamiQuery(transport, token), enabled: token !== null });

  // Adjusting state on a change of the external token, the way React recommends (no effect).
  const [previousToken, setPreviousToken] = useState(token);
  // Refused before the first render too: the page's first requests go out before React (boot.ts).
  const [notice, setNotice] = useState<string | null>(() => (token === null && session.lastClearReason() === 'rejected' ? REJECTED_NOTICE : null));
  if (previousToken !== token) {
    setPreviousToken(token);
    if (token === null) setNotice(session.lastClearReason() === 'signed-out' ? null : REJECTED_NOTICE);
  }

  useEffect(() => {
    // A token entered on the login screen: ask for the role and the list side by side. (The
    // token the page opened with was asked for before the first render; this finds that in flight.)
    void prefetchFirstScreen(queryClient, transport, token);
  }, [token, queryClient, transport]);

  useEffect(() => {
    // Another token may see other things: drop everything the last one loaded.
    if (token === null) {
      queryClient.clear();
      resetRepositoriesUi();
    }
  }, [token, queryClient]);

  if (token === null) {
    return (
      <LoginScreen
        notice={notice}
        onSubmit={(value) => {
          setNotice(null);
          session.set(value);
        }}
      />
    );
  }
  if (whoami.isPending) {
    return (
      <Center mih="100dvh">
        <Loader aria-label="Signing in" />
      </Center>
    );
  }
  if (whoami.isError) {
    // UNAUTHORIZED never gets here: the transport already cleared the token.
    return (
      <Center mih="100dvh" p="md">
        <Stack maw={520}>
          <ErrorAlert error={whoami.error} title="Could not sign in" />
          <Group>
            <Button onClick={() => void whoami.refetch()}>Try again</Button>
            <Button variant="default" onClick={() => session.clear('signed-out')}>
              Use another token
            </Button>
          </Group>
        </Stack>
      </Center>
    );
  }
  return (
    <SignOutContext.Provider value={() => session.clear('signed-out')}>
      <RoleContext.Provider value={whoami.data}>{children}</RoleContext.Provider>
    </SignOutContext.Provider>
  );
}
