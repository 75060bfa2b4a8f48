// The types of the API payloads, generated from the services' OpenAPI documents (openapi/<service>.json, the
// documents they serve at /docs-json: `npm run openapi:refresh -w @replenish/console` takes them again from running
// services) into web/src/api/generated/<service>.ts. Never written by hand.
//   node scripts/generate-api-types.mjs [--from <folder of documents>] [--out <folder>]   (the browser test's drift check)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { from: { type: 'string' }, out: { type: 'string' } } });
const from = resolve(values.from ?? resolve(root, 'openapi'));
const out = resolve(values.out ?? resolve(root, 'web/src/api/generated'));
mkdirSync(out, { recursive: true });
for (const service of ['sales-orders', 'inventory', 'planning']) {
  const document = JSON.parse(readFileSync(resolve(from, `${service}.json`), 'utf8'));
  // Fields with a default stay optional in requests: the service fills them in.
  const ast = await openapiTS(document, { defaultNonNullable: false });
  writeFileSync(resolve(out, `${service}.ts`), `// Generated from openapi/${service}.json by scripts/generate-api-types.mjs: do not edit.\n${astToString(ast)}`);
}
