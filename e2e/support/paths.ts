import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const E2E_LOG_DIR = resolve(REPO_ROOT, 'tmp/e2e-logs');

/** The running test file's name without extension, for database and log names ("e2e" outside jest). */
export function currentTestName(): string {
  let path: string | undefined;
  try {
    path = expect.getState().testPath ?? undefined;
  } catch {
    path = undefined;
  }
  const base = path ? path.split('/').pop()!.replace(/\.spec\.ts$|\.test\.ts$|\.ts$/, '') : 'e2e';
  return base.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'e2e';
}
