import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built front end, dist/web of this package: from dist/server when built, from src when a test runs the
 * sources (never web/, the sources of the front end).
 */
export function consoleStaticDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const packageRoot = here.endsWith(`${sep}dist${sep}server`) ? resolve(here, '../..') : resolve(here, '..');
  return resolve(packageRoot, 'dist/web');
}
