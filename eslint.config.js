import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-main/core/**/*.ts', 'src-main/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The core and the server run in plain Node: inject what Electron gives.' },
            { name: 'electron-store', message: 'Use conf in the core; electron-store is wired in src-main/app.' },
            { name: 'child_process', importNames: ['exec', 'execSync'], message: 'Never a shell: spawn with an argv array.' },
            { name: 'node:child_process', importNames: ['exec', 'execSync'], message: 'Never a shell: spawn with an argv array.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks through window.borgDesk only, never ipcRenderer.' }],
          patterns: [
            {
              group: ['**/src-main/*', '!**/src-main/core', '**/src-main/core/*', '!**/src-main/core/contract', '!**/src-main/core/errors'],
              message: 'The renderer may import only the contract from src-main: its types, or a dependency-free helper in its folder.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='ipcRenderer']",
          message: 'Expose named functions, never ipcRenderer itself.',
        },
      ],
    },
  },
);
