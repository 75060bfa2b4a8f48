/* eslint-disable @typescript-eslint/no-explicit-any -- the test reads JSON bodies loosely */
// The embedded mode (npm start -- --demo) on the in-process broker: a warehouse is created once, in inventory, and
// planning learns it from warehouse.created (decision inventory-002). The launcher runs as `npm start` does, on a
// test database of its own (DATABASE_URL: no embedded PostgreSQL) and free ports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, waitFor, type TestDatabase } from '@replenish/test-infra';
import type { RunningSystem } from '../src/launcher.js';
import { launchEmbedded } from './embedded.js';

let db: TestDatabase;
let running: RunningSystem;
let repoRoot: string;
const printed: string[] = [];
const url = (service: string) => running.services.find((s) => s.def.name === service)!.url;

async function get(service: string, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url(service)}${path}`);
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'launcher_embedded' });
  repoRoot = mkdtempSync(join(tmpdir(), 'replenish-launcher-'));
  running = await launchEmbedded({
    repoRoot,
    demo: true,
    env: { DATABASE_URL: db.databaseUrl, SALES_ORDERS_PORT: '0', INVENTORY_PORT: '0', PLANNING_PORT: '0', LOG_LEVEL: 'warn' },
    print: (line) => printed.push(line),
  });
}, 120_000);

afterAll(async () => {
  await running?.stop();
  await db?.drop();
  if (repoRoot) rmSync(repoRoot, { recursive: true, force: true });
});

it('loads the demo: its warehouse is created in inventory and planning learns it, with planning\'s lead days beside it', async () => {
  expect(printed).toContain('Demo: catalog loaded. Try the README\'s "Try it" section.');
  expect((await get('inventory', '/warehouses/WH1')).body).toMatchObject({ id: 'WH1', name: 'Main warehouse', timeZone: 'Europe/Brussels', stockLocation: 'WH1/Stock' });
  expect((await get('planning', '/warehouses/WH1/settings')).body).toMatchObject({
    warehouseId: 'WH1', name: 'Main warehouse', timeZone: 'Europe/Brussels', purchaseSecurityLeadDays: 1, daysToPurchase: 1,
  });
  expect((await get('planning', '/reordering-rules?warehouseId=WH1')).body.map((r: any) => r.productId).sort()).toEqual(['bolt', 'widget']);
});

it('a warehouse created in inventory appears in planning through warehouse.created on the in-process broker', async () => {
  const created = await fetch(`${url('inventory')}/warehouses`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'WH2', name: 'North', timeZone: 'Europe/Oslo' }),
  });
  expect(created.status).toBe(201);
  const learnt = await waitFor(async () => {
    const r = await get('planning', '/warehouses/WH2/settings');
    return r.status === 200 ? r.body : undefined;
  }, { description: 'planning learns WH2' });
  expect(learnt).toMatchObject({ warehouseId: 'WH2', name: 'North', timeZone: 'Europe/Oslo', purchaseSecurityLeadDays: 0 });
  expect((await get('planning', '/warehouses/WH9/settings')).status).toBe(404);
});
