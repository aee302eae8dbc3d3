import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin, Rollup } from 'vite';

type OutputChunk = Rollup.OutputChunk;

/**
 * The entry (main.ts) only sends the first requests and then imports the app (mount.tsx). This
 * links the app's chunks (the one for mount.tsx and those it imports) and their CSS from
 * index.html, so the browser fetches and parses them alongside the entry rather than after it
 * has run.
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'borg-desk:preload-app-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const chunks = new Map<string, OutputChunk>();
        for (const file of Object.values(context.bundle ?? {})) if (file.type === 'chunk') chunks.set(file.fileName, file);
        const app = [...chunks.values()].find((c) => c.facadeModuleId?.endsWith('/src-renderer/mount.tsx') === true);
        if (app === undefined) throw new Error('preloadAppChunk: no chunk for src-renderer/mount.tsx in the build.');
        const scripts = new Set<string>();
        const styles = new Set<string>();
        const visit = (chunk: OutputChunk): void => {
          // The entry is in the page already, with its CSS.
          if (chunk.isEntry || scripts.has(chunk.fileName)) return;
          scripts.add(chunk.fileName);
          chunk.viteMetadata?.importedCss.forEach((css) => styles.add(css));
          for (const name of chunk.imports) {
            const imported = chunks.get(name);
            if (imported !== undefined) visit(imported);
          }
        };
        visit(app);
        return [
          ...[...styles].map((href) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `./${href}` }, injectTo: 'head' as const })),
          ...[...scripts].map((href) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${href}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          serve: resolve(__dirname, 'src-main/server/cli.ts'),
        },
        external: ['node-pty'],
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react(), preloadAppChunk()],
    build: {
      // BENCH_NO_MINIFY=1 keeps names readable in a profile (npm run bench with BENCH_PROFILE/BENCH_TRACE).
      minify: process.env.BENCH_NO_MINIFY === undefined,
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
