import { Badge, Button, Group, Text, Title } from '@mantine/core';
import { useRole } from '../features/auth/role-context';
import { useSignOut } from '../features/auth/auth-gate';
import { BorgStatusBadge } from '../features/system/borg-status';
import { useSystemInfo } from '../features/system/use-system-info';
import { useNavigation, type Screen } from './navigation';

const SCREENS: Array<{ screen: Screen; label: string }> = [
  { screen: 'repositories', label: 'Repositories' },
  { screen: 'connections', label: 'Connections' },
];

function MainNavigation() {
  const { screen, go } = useNavigation();
  return (
    <Group component="nav" aria-label="Main" gap={4}>
      {SCREENS.map((item) => (
        <Button
          key={item.screen}
          size="xs"
          variant={item.screen === screen ? 'light' : 'subtle'}
          aria-current={item.screen === screen ? 'page' : undefined}
          onClick={() => go(item.screen)}
        >
          {item.label}
        </Button>
      ))}
    </Group>
  );
}

export function AppHeader() {
  const { data } = useSystemInfo();
  const role = useRole();
  const signOut = useSignOut();
  return (
    <Group component="header" justify="space-between" px="md" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Group gap="sm">
        <Title order={1} size="h3">
          Borg Desk
        </Title>
        {data !== undefined && (
          <Text size="xs" c="dimmed">
            {data.app.version}
            {data.mode === 'server' ? ' · server' : ''}
          </Text>
        )}
        <BorgStatusBadge />
        <MainNavigation />
      </Group>
      <Group gap="sm">
        {role === 'viewer' && (
          <Badge color="gray" variant="outline" title="This token can look but not change anything.">
            read-only
          </Badge>
        )}
        {signOut !== null && (
          <Button variant="subtle" size="xs" onClick={signOut}>
            Sign out
          </Button>
        )}
      </Group>
    </Group>
  );
}
