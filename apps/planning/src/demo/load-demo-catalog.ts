import { readFile } from 'node:fs/promises';

interface DemoCatalog {
  warehouses: ({ warehouseId: string } & Record<string, unknown>)[];
  vendors: ({ id: string } & Record<string, unknown>)[];
  products: ({ id: string } & Record<string, unknown>)[];
  supplierInfos: ({ productId: string } & Record<string, unknown>)[];
  rules: Record<string, unknown>[];
}

async function call(baseUrl: string, method: string, path: string, body: unknown, okIfConflict = false): Promise<void> {
  const res = await fetch(new URL(path, baseUrl), { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.ok || (okIfConflict && res.status === 409)) return;
  throw new Error(`demo catalog: ${method} ${path} answered ${res.status}: ${await res.text()}`);
}

/**
 * Loads apps/planning/src/demo/demo-catalog.json through planning's own REST API (so everything is validated
 * and product.upserted reaches the other services). Safe to run twice: existing entries are kept.
 */
export async function loadDemoCatalog(baseUrl: string): Promise<void> {
  const file = new URL('../../src/demo/demo-catalog.json', import.meta.url);
  const catalog = JSON.parse(await readFile(file, 'utf8')) as DemoCatalog;
  for (const { warehouseId, ...settings } of catalog.warehouses) await call(baseUrl, 'PUT', `warehouses/${encodeURIComponent(warehouseId)}/settings`, settings);
  for (const v of catalog.vendors) await call(baseUrl, 'POST', 'vendors', v, true);
  for (const p of catalog.products) await call(baseUrl, 'POST', 'products', p, true);
  for (const { productId, ...info } of catalog.supplierInfos) await call(baseUrl, 'POST', `products/${encodeURIComponent(productId)}/suppliers`, info);
  for (const r of catalog.rules) await call(baseUrl, 'POST', 'reordering-rules', r, true);
}
