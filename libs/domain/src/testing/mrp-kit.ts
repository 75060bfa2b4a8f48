// Test kit of the MRP specs (libs/domain/src/mrp/): small builders over the run's input, and the golden files kept in mrp/golden/.
import { createRequire } from 'node:module';
import type { MrpDemand, MrpInput, MrpItem, MrpItemPlan, MrpReceipt, MrpResult } from '../mrp/mrp-types.js';

const requireJson = createRequire(import.meta.url);

/** A golden case file of libs/domain/src/mrp/golden/. */
export function loadMrpGolden<T>(file: string): T {
  return requireJson(`../mrp/golden/${file}`) as T;
}

/** The run date of the specs: 2026-06-01 in UTC. */
export const RUN_AT = new Date('2026-06-01T08:00:00Z');
export const WH = 'WH';

/** An item bought at WH, net quantity, every flag off, whole units, no lead time, no stock, unless told. */
export function item(productId: string, over: Partial<MrpItem> = {}): MrpItem {
  return { productId, warehouseId: WH, policy: { code: 'P' }, planning: {}, replenishment: 'buy', leadDays: 0, onHand: '0', uomStep: '1', ...over };
}

export function demand(id: string, productId: string, date: string, quantity: string, over: Partial<MrpDemand> = {}): MrpDemand {
  return { id, productId, warehouseId: WH, source: 'salesOrderLine', date, quantity, ...over };
}

export function receipt(id: string, productId: string, date: string, quantity: string, over: Partial<MrpReceipt> = {}): MrpReceipt {
  return { id, productId, warehouseId: WH, document: 'purchase', status: 'firm', date, quantity, ...over };
}

export function mrpInput(items: readonly MrpItem[], demands: readonly MrpDemand[] = [], receipts: readonly MrpReceipt[] = [], horizonDays = 365): MrpInput {
  return { runAt: RUN_AT, timeZone: 'UTC', bucket: 'day', horizonDays, items, demands, receipts };
}

/** The plan of a product-site; throws when the result has none. */
export function planOf(result: MrpResult, productId: string, warehouseId = WH): MrpItemPlan {
  const plan = result.plans.find((p) => p.productId === productId && p.warehouseId === warehouseId);
  if (plan === undefined) throw new Error(`no plan for ${productId}@${warehouseId}`);
  return plan;
}

/** [quantity, due date, start date] of each suggestion of a plan. */
export function suggestionsOf(result: MrpResult, productId: string, warehouseId = WH): [string, string, string][] {
  return planOf(result, productId, warehouseId).suggestions.map((s) => [s.quantity, s.dueDate, s.startDate]);
}
