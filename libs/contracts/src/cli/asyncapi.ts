/**
 * Writes docs/asyncapi.yaml from the zod schemas: `node libs/contracts/dist/cli/asyncapi.js [out-file]`.
 * `--check` writes nothing and exits with 1 when the file is out of date (for CI).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAsyncApi } from '../asyncapi.js';
import { regenerateAsyncApiCommand, renderAsyncApiYaml } from '../asyncapi-yaml.js';
import { eventCatalog } from '../catalog.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const target = args.find((a) => !a.startsWith('--'));
// dist/cli/asyncapi.js -> repository root is four levels up.
const out = target ? resolve(target) : fileURLToPath(new URL('../../../../docs/asyncapi.yaml', import.meta.url));
const text = renderAsyncApiYaml(buildAsyncApi(eventCatalog));

if (check) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // missing: out of date
  }
  if (current !== text) {
    console.error(`${out} is out of date. Regenerate it: ${regenerateAsyncApiCommand}`);
    process.exit(1);
  }
  console.log(`${out} is up to date.`);
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}
