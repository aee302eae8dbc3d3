/**
 * The page's first steps, run before React DOM and Mantine are evaluated: main.tsx imports this
 * module first, and nothing here imports either, so in the bundle this code runs ahead of their
 * ~15 ms of module evaluation. It takes a token link, picks the transport and sends the requests
 * for the first screen (the token's role, the repository list), which are then on their way while
 * the rest of the page sets up.
 */
import { prefetchFirstScreen } from './app/first-screen';
import { createQueryClient } from './app/query-client';
import { createTokenSession, watchTokenLinks } from './features/auth/token-session';
import { selectTransport } from './transport/select-transport';

export const session = createTokenSession(window.sessionStorage);
export const transport = selectTransport(window, session);
// Read before the first render so the one-time link never shows in the address bar for long.
if (transport.kind === 'http') watchTokenLinks(window, session);
export const queryClient = createQueryClient();

/**
 * How long the first render waits for the first screen's answers. They come from memory in the
 * core and are usually in well before this; drawing the app first would only flash a spinner and
 * then draw it all again, on the main thread the list needs.
 */
const FIRST_SCREEN_WAIT_MS = 300;

/** Settles when the first screen's answers are in (either way), or after FIRST_SCREEN_WAIT_MS. */
export const firstScreenReady: Promise<void> = Promise.race([
  prefetchFirstScreen(queryClient, transport, transport.kind === 'http' ? session.get() : null),
  new Promise<void>((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS)),
]);
