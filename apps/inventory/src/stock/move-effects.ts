import type { Decimal } from '../shared/quantities.js';
import type { LocationInfo } from '../warehouses/index.js';
import { InventoryInputError } from '../shared/errors.js';

export type MoveKind = 'receipt' | 'delivery' | 'internal' | 'adjustment' | 'scrap';
export type Direction = 'in' | 'out';
/** What a planned move belongs to: a sales line, a confirmed draft, or supply Replenish did not raise (decision inventory-004). */
export type ReferenceType = 'sales-order-line' | 'draft-order' | 'planned-move' | 'external-order';

/** A validated move: quantity already in the product's stock UoM, locations resolved. */
export interface ResolvedMove {
  moveId: string;
  kind: MoveKind;
  productId: string;
  quantity: Decimal;
  from: LocationInfo;
  to: LocationInfo;
  reference?: { type: ReferenceType; id: string };
}

export interface LocationDelta {
  productId: string;
  locationId: number;
  delta: Decimal;
}

export interface WarehouseDelta {
  productId: string;
  warehouseId: string;
  delta: Decimal;
}

/** Part of a planned move that a done move fulfils. */
export interface Settlement {
  referenceType: ReferenceType;
  referenceId: string;
  productId: string;
  warehouseId: string;
  direction: Direction;
  quantity: Decimal;
}

export interface MoveEffects {
  locations: LocationDelta[];
  /** On-hand change per warehouse stock (empty for a move inside one warehouse's stock). */
  warehouses: WarehouseDelta[];
  settlements: Settlement[];
}

/**
 * What a done move changes: on hand of both locations (a virtual location's balance is kept too: its
 * negative vendor stock is the goods received), the on hand of the warehouses whose stock it enters or
 * leaves, and the planned moves it settles. The effect follows the locations, not the declared kind, so
 * a mislabelled move still books correctly.
 */
export function moveEffects(move: ResolvedMove): MoveEffects {
  if (move.from.id === move.to.id) {
    throw new InventoryInputError('INVALID_MOVE', 'toLocation', `move ${move.moveId}: fromLocation and toLocation are the same (${move.from.code})`);
  }
  const locations: LocationDelta[] = [
    { productId: move.productId, locationId: move.from.id, delta: move.quantity.negated() },
    { productId: move.productId, locationId: move.to.id, delta: move.quantity },
  ];
  const fromWh = move.from.isStock ? move.from.warehouseId : null;
  const toWh = move.to.isStock ? move.to.warehouseId : null;
  const warehouses: WarehouseDelta[] = [];
  const settlements: Settlement[] = [];
  if (fromWh !== toWh) {
    if (fromWh !== null) warehouses.push({ productId: move.productId, warehouseId: fromWh, delta: move.quantity.negated() });
    if (toWh !== null) warehouses.push({ productId: move.productId, warehouseId: toWh, delta: move.quantity });
    if (move.reference) {
      const base = { referenceType: move.reference.type, referenceId: move.reference.id, productId: move.productId, quantity: move.quantity };
      if (fromWh !== null) settlements.push({ ...base, warehouseId: fromWh, direction: 'out' });
      if (toWh !== null) settlements.push({ ...base, warehouseId: toWh, direction: 'in' });
    }
  }
  return { locations, warehouses, settlements };
}

/** Sums deltas that share a key, so that one multi-row upsert touches each row once. */
export function sumByKey<T extends { delta: Decimal } | { quantity: Decimal }>(items: readonly T[], keyOf: (t: T) => string): T[] {
  const out = new Map<string, T>();
  for (const item of items) {
    const k = keyOf(item);
    const prev = out.get(k);
    if (!prev) {
      out.set(k, { ...item });
    } else if ('delta' in prev && 'delta' in item) {
      (prev as { delta: Decimal }).delta = prev.delta.plus(item.delta);
    } else {
      (prev as { quantity: Decimal }).quantity = (prev as { quantity: Decimal }).quantity.plus((item as { quantity: Decimal }).quantity);
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}
