// First, before any component: React Fast Refresh's runtime as a module, because the strict CSP
// blocks the inline preamble script the dev server injects. An empty module in production builds.
import '@vitejs/plugin-react/preamble';
// In the entry, so index.html links it and it loads alongside the scripts.
import '@mantine/core/styles.css';
// Sends the first screen's requests now (see boot.ts)…
import './boot';

// …then the app, from the chunk index.html has been preloading meanwhile.
void import('./mount').then(({ mount }) => mount());
