/** The Electron entry (built to out/main/index.js). */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApp } from './app/main';

runApp({ mainDir: dirname(fileURLToPath(import.meta.url)) });
