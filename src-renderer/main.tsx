// First, before any component: React Fast Refresh's runtime as a module, because the strict CSP
// blocks the inline preamble script the dev server injects. An empty module in production builds.
import '@vitejs/plugin-react/preamble';
import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { createTokenSession, watchTokenLinks } from './features/auth/token-session';
import { selectTransport } from './transport/select-transport';

const session = createTokenSession(window.sessionStorage);
const transport = selectTransport(window, session);
// Read before the first render so the one-time link never shows in the address bar for long.
if (transport.kind === 'http') watchTokenLinks(window, session);

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App transport={transport} session={transport.kind === 'http' ? session : null} />
  </StrictMode>,
);
