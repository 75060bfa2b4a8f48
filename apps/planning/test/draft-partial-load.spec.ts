/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
// Decision planning-025: a batch loads the lines of the products it names only. A need for another product loads
// that product's line first, so the line is topped up, never added twice, and the event counts every line.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DraftOrderService } from '../src/draft-orders/draft-order.service.js';
import { dec, topUpKeyString, uomOf } from '../src/shared/domain.js';
import { addDaysIso, http, todayUtc } from './helpers.js';
import { learnWarehouse, startPlanning, type PlanningUnderTest } from './planning-app.js';

const run = randomUUID().slice(0, 8);
const WH = `WH-partial-${run}`;
const VENDOR = `partial-vendor-${run}`;
const UNIT = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
let planning: PlanningUnderTest;

beforeAll(async () => {
  planning = await startPlanning('planning_partial');
  expect((await learnWarehouse(planning.producer, planning.base, WH, { purchaseSecurityLeadDays: 1, daysToPurchase: 1 })).status).toBe(200);
  expect((await http(planning.base, 'POST', 'vendors', { id: VENDOR, name: VENDOR })).status).toBe(201);
});

afterAll(async () => {
  await planning?.close();
});

it('a batch that named other products tops up the line of a product it did not name: the line is loaded first, not added twice', async () => {
  const { base, app } = planning;
  const [p1, p2, p3] = ['a', 'b', 'c'].map((s) => `partial-${s}-${run}`) as [string, string, string];
  for (const p of [p1, p2, p3]) {
    expect((await http(base, 'POST', 'products', { id: p, sku: `SKU-${p}`, name: p, stockUom: UNIT, routes: ['buy'] })).status).toBe(201);
    expect((await http(base, 'POST', `products/${p}/suppliers`, { vendorId: VENDOR, leadTimeDays: 3 })).status).toBe(201);
  }
  const key = { type: 'purchase' as const, sourceId: VENDOR, destinationWarehouseId: WH };
  const need = (productId: string, quantity: string) => ({
    key, productId, quantity: dec(quantity), uom: uomOf(UNIT), plannedDate: addDaysIso(todayUtc(), 5), origin: { kind: 'manual' as const, id: `planner-${run}` },
  });
  const target = { keyString: topUpKeyString(key), vendorId: VENDOR, warehouseId: WH };
  const drafts = app.get(DraftOrderService);
  const inBatch = (products: string[], needs: ReturnType<typeof need>[]) => app.get(DataSource).transaction(async (tx) => {
    await drafts.beginBatch(tx, [target.keyString], { deferLines: true, products });
    for (const n of needs) await drafts.addNeed(tx, n, target);
    await drafts.flush(tx);
  });

  await inBatch([p1, p2], [need(p1, '4'), need(p2, '5')]);
  // p3 named, p1 not: p1's line is loaded when its need comes
  await inBatch([p3], [need(p3, '1'), need(p1, '2')]);

  const [draft] = (await http<any[]>(base, 'GET', `draft-orders?vendorId=${VENDOR}&warehouseId=${WH}`)).body;
  expect(draft.lines.map((l: any) => [l.productId, l.quantity])).toEqual([[p1, '6'], [p2, '5'], [p3, '1']]);
  expect(draft.version).toBe(2);
  const versions = (await http<any[]>(base, 'GET', `draft-orders/${draft.draftOrderId}/versions`)).body;
  expect(versions.map((v) => v.changedLines.map((c: any) => [c.productId, c.before, c.after]))).toEqual([
    [[p1, undefined, '4'], [p2, undefined, '5']], [[p1, '4', '6'], [p3, undefined, '1']],
  ]);
});
