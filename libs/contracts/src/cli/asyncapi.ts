/**
 * Writes docs/asyncapi.yaml from the zod schemas: `node libs/contracts/dist/cli/asyncapi.js [out-file]`.
 * `--check` writes nothing and exits with 1 when the file is out of date (for CI). A command line it does not
 * understand writes nothing either: it prints the usage and exits with 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAsyncApi } from '../asyncapi.js';
import { regenerateAsyncApiCommand, renderAsyncApiYaml } from '../asyncapi-yaml.js';
import { eventCatalog } from '../catalog.js';
import { CommandLineError, parseCommandLine } from './command-line.js';

const usage = `usage: npm run asyncapi -- [--check] [out-file]
  writes docs/asyncapi.yaml (or out-file) from the event schemas
  --check   writes nothing; exits with 1 when the file is out of date`;

let args;
try {
  args = parseCommandLine(process.argv.slice(2), { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 1);
} catch (e) {
  if (!(e instanceof CommandLineError)) throw e;
  console.error(`asyncapi: ${e.message}\n${usage}`);
  process.exit(2);
}
if (args.values.help) {
  console.log(usage);
  process.exit(0);
}
const [target] = args.positionals;
// dist/cli/asyncapi.js -> repository root is four levels up.
const out = target ? resolve(target) : fileURLToPath(new URL('../../../../docs/asyncapi.yaml', import.meta.url));
const text = renderAsyncApiYaml(buildAsyncApi(eventCatalog));

if (args.values.check) {
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
