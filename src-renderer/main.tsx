// First, before any component: React Fast Refresh's runtime as a module, because the strict CSP
// blocks the inline preamble script the dev server injects. An empty module in production builds.
import '@vitejs/plugin-react/preamble';
// Second: sends the first screen's requests before the heavy modules below are evaluated.
import { firstScreenReady, queryClient, session, transport } from './boot';
import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element.');
// One render with the list in it, rather than a spinner first (see boot.ts).
void firstScreenReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <App transport={transport} session={transport.kind === 'http' ? session : null} queryClient={queryClient} />
    </StrictMode>,
  ),
);
