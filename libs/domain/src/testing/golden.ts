// Test helper: loads the shared golden files through the repo's path to ../shared (CI clones the repo to
// X/main with the shared folder at X/shared). Resolved from this file, so it works from any cwd.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const requireJson = createRequire(import.meta.url);

/** Absolute path of a file under ../shared, from the repo root (libs/domain/src/testing -> ../../../..). */
export function sharedPath(relative: string): string {
  return fileURLToPath(new URL(`../../../../../shared/${relative}`, `file://${here}`));
}

export function loadShared<T>(relative: string): T {
  return requireJson(sharedPath(relative)) as T;
}
