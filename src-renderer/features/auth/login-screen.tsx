import { Alert, Button, Center, Code, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';

interface LoginScreenProps {
  onSubmit: (token: string) => void;
  notice: string | null;
}

/** The headless server's front door: one access token, as printed (or linked) at server start. */
export function LoginScreen({ onSubmit, notice }: LoginScreenProps) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Center mih="100dvh" p="md">
      <Paper withBorder shadow="sm" p="xl" maw={480} w="100%">
        <form
          noValidate
          aria-label="Sign in"
          onSubmit={(event) => {
            event.preventDefault();
            const value = token.trim();
            if (value === '') {
              setError('Paste the access token.');
              return;
            }
            onSubmit(value);
          }}
        >
          <Stack gap="md">
            <Title order={2}>Sign in to Borg Desk</Title>
            {notice !== null && (
              <Alert color="red" variant="light" role="alert" data-testid="login-notice">
                {notice}
              </Alert>
            )}
            <Text size="sm">
              This Borg Desk server needs an access token. When the server started, it printed where its token file is, together with a
              one-time sign-in link. Open that link, or paste the token from the file here.
            </Text>
            <Text size="xs" c="dimmed">
              The token stays in this browser tab only (<Code>sessionStorage</Code>); closing the tab signs you out.
            </Text>
            <PasswordInput
              label="Access token"
              value={token}
              onChange={(event) => {
                setToken(event.currentTarget.value);
                setError(null);
              }}
              error={error}
              autoComplete="off"
              data-autofocus
            />
            <Button type="submit">Sign in</Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
