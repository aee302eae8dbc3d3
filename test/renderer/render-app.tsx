import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src-renderer/app/app';
import type { TokenSession } from '../../src-renderer/features/auth/token-session';
import type { Transport } from '../../src-renderer/transport/types';

/** The whole app over a transport, as mount.tsx mounts it (minus transitions and portals). */
export function renderApp(transport: Transport, session: TokenSession | null = null) {
  // No pause between keystrokes: the forms are long and the timing is not what is under test.
  const user = userEvent.setup({ delay: null });
  const result = render(<App transport={transport} session={session} env="test" />);
  return { user, ...result };
}

/** Waits for the list (or the empty state) to replace the loader. */
export async function findRows(): Promise<HTMLElement[]> {
  return screen.findAllByTestId('repo-row');
}

/** Replaces a field's text in one input event; typing key by key re-renders the whole form per key. */
export async function fill(user: ReturnType<typeof userEvent.setup>, element: HTMLElement, text: string): Promise<void> {
  await user.clear(element);
  await user.click(element);
  await user.paste(text);
}
