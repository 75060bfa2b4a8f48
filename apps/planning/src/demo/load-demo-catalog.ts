import { readFile } from 'node:fs/promises';

interface DemoCatalog {
  /** Created in inventory (id = code, name, time zone); the rest are planning's settings of the warehouse. */
  warehouses: ({ warehouseId: string; name: string; timeZone: string } & Record<string, unknown>)[];
  vendors: ({ id: string } & Record<string, unknown>)[];
  products: ({ id: string } & Record<string, unknown>)[];
  supplierInfos: ({ productId: string } & Record<string, unknown>)[];
  rules: Record<string, unknown>[];
}

/** The base URLs (with a trailing slash) of the services the demo catalog goes to. */
export interface DemoTargets {
  planning: string;
  inventory: string;
}

async function call(baseUrl: string, method: string, path: string, body: unknown, okIfConflict = false): Promise<void> {
  const res = await fetch(new URL(path, baseUrl), { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.ok || (okIfConflict && res.status === 409)) return;
  throw new Error(`demo catalog: ${method} ${path} answered ${res.status}: ${await res.text()}`);
}

/** Planning learns a warehouse from inventory's warehouse.created: reads are eventually consistent, so poll. */
async function untilPlanningKnows(planningUrl: string, warehouseId: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(new URL(`warehouses/${encodeURIComponent(warehouseId)}/settings`, planningUrl));
    if (res.ok) return;
    if (Date.now() > deadline) throw new Error(`demo catalog: planning did not learn warehouse ${warehouseId} within ${timeoutMs} ms (last answer ${res.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Loads apps/planning/src/demo/demo-catalog.json through the services' own REST APIs (so everything is validated
 * and the events reach the other services): warehouses in inventory, which owns them, then, once planning has
 * learnt them, planning's settings and catalog. Safe to run twice: existing entries are kept.
 */
export async function loadDemoCatalog(targets: DemoTargets): Promise<void> {
  const file = new URL('../../src/demo/demo-catalog.json', import.meta.url);
  const catalog = JSON.parse(await readFile(file, 'utf8')) as DemoCatalog;
  for (const { warehouseId, name, timeZone, ...settings } of catalog.warehouses) {
    await call(targets.inventory, 'POST', 'warehouses', { code: warehouseId, name, timeZone }, true);
    await untilPlanningKnows(targets.planning, warehouseId);
    await call(targets.planning, 'PUT', `warehouses/${encodeURIComponent(warehouseId)}/settings`, settings);
  }
  for (const v of catalog.vendors) await call(targets.planning, 'POST', 'vendors', v, true);
  for (const p of catalog.products) await call(targets.planning, 'POST', 'products', p, true);
  for (const { productId, ...info } of catalog.supplierInfos) await call(targets.planning, 'POST', `products/${encodeURIComponent(productId)}/suppliers`, info);
  for (const r of catalog.rules) await call(targets.planning, 'POST', 'reordering-rules', r, true);
}
