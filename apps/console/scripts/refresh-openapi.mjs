// Takes the OpenAPI documents again from running services (npm start, or SALES_ORDERS_URL / INVENTORY_URL /
// PLANNING_URL) into openapi/<service>.json, sorted so that a diff shows what changed.
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const urls = {
  'sales-orders': process.env.SALES_ORDERS_URL ?? 'http://localhost:3001',
  inventory: process.env.INVENTORY_URL ?? 'http://localhost:3002',
  planning: process.env.PLANNING_URL ?? 'http://localhost:3003',
};
const sorted = (v) =>
  Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v;
for (const [service, url] of Object.entries(urls)) {
  const res = await fetch(`${url}/docs-json`);
  if (!res.ok) throw new Error(`${url}/docs-json answered ${res.status}`);
  writeFileSync(resolve(root, 'openapi', `${service}.json`), `${JSON.stringify(sorted(await res.json()), null, 2)}\n`);
  console.log(`openapi/${service}.json from ${url}`);
}
