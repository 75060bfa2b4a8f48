// Test helper: loads a golden case file kept beside it in golden/ (test data from the source documents'
// worked examples). Resolved from this file, so it works from any cwd.
import { createRequire } from 'node:module';

const requireJson = createRequire(import.meta.url);

export function loadGolden<T>(file: string): T {
  return requireJson(`./golden/${file}`) as T;
}
