import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built front end, beside this package's dist/server: dist/web. */
export const consoleStaticDir = (): string => resolve(dirname(fileURLToPath(import.meta.url)), '../web');
