import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { prefetchFirstScreen } from './app/first-screen';
import { createQueryClient } from './app/query-client';
import { firstRequests, session, transport } from './boot';

/**
 * How long the first render waits for the first screen's answers. They come from memory in the
 * core and are usually in by the time this chunk has loaded; drawing the app before them would
 * only flash a spinner and then draw everything again, on the main thread the list needs.
 */
const FIRST_SCREEN_WAIT_MS = 300;

/** Draws the app once the first screen's answers are in (or after FIRST_SCREEN_WAIT_MS). */
export function mount(): void {
  const root = document.getElementById('root');
  if (root === null) throw new Error('index.html has no #root element.');
  const queryClient = createQueryClient();
  const token = transport.kind === 'http' ? session.get() : null;
  const answered = prefetchFirstScreen(queryClient, transport, token, firstRequests);
  const waited = new Promise<void>((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS));
  void Promise.race([answered, waited]).then(() =>
    createRoot(root).render(
      <StrictMode>
        <App transport={transport} session={transport.kind === 'http' ? session : null} queryClient={queryClient} />
      </StrictMode>,
    ),
  );
}
