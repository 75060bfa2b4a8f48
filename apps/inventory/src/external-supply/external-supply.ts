import type { PayloadOf, placedOrderEvents, plannedMoveAnnounced } from '@replenish/contracts';
import { toStockQuantity } from '../products/index.js';
import { InventoryInputError } from '../shared/errors.js';
import { externalReferenceId } from '../stock/index.js';
import { plannedFromDraft, type PlannedMoveSpec, type ProductLookup } from '../planned-moves/index.js';

export type Announcement = PayloadOf<typeof plannedMoveAnnounced>;
export type PlacedOrderType = keyof typeof placedOrderEvents;
export type PlacedOrder = PayloadOf<(typeof placedOrderEvents)[PlacedOrderType]>;

/** The planned-move reference of an announcement (decision inventory-004). */
export const announcementReference = (p: Pick<Announcement, 'sourceSystem' | 'externalRef'>) =>
  ({ referenceType: 'planned-move' as const, referenceId: externalReferenceId(p.sourceSystem, p.externalRef), source: { system: p.sourceSystem, ref: p.externalRef } });

/** The external-order reference of an order placed without a draft. */
export const placedOrderReference = (p: Pick<PlacedOrder, 'sourceSystem' | 'orderRef'>) =>
  ({ referenceType: 'external-order' as const, referenceId: externalReferenceId(p.sourceSystem, p.orderRef), source: { system: p.sourceSystem, ref: p.orderRef } });

/**
 * What a warehouse system's planned move means for the positions, in the product's stock UoM: a receipt is incoming at
 * its warehouse, a delivery outgoing there; an internal move is outgoing at its warehouse (an internal consumption) and,
 * when it names toWarehouseId, incoming there on the same date (a shipment to another site).
 */
export function plannedFromAnnouncement(p: Announcement, lookup: ProductLookup): PlannedMoveSpec[] {
  const product = lookup(p.productId);
  if (!product) throw new InventoryInputError('UNKNOWN_PRODUCT', 'productId', `unknown product ${p.productId} (no product.upserted received yet)`);
  const quantity = toStockQuantity(product, p.quantity, p.uom);
  const base = { ...announcementReference(p), productId: p.productId, date: p.date, quantity, salesOrderId: null };
  if (p.kind === 'receipt') return [{ ...base, warehouseId: p.warehouseId, direction: 'in' }];
  const out: PlannedMoveSpec[] = [{ ...base, warehouseId: p.warehouseId, direction: 'out' }];
  if (p.kind === 'internal' && p.toWarehouseId) out.push({ ...base, warehouseId: p.toWarehouseId, direction: 'in' });
  return out;
}

/**
 * An order placed without a draft, planned exactly as a confirmed draft of its type (plannedFromDraft): its lines
 * incoming at its warehouse, a transfer's also outgoing at its source, a manufacturing order's components outgoing
 * on its start date. A cancelled order plans nothing (what is left of it is withdrawn).
 */
export function plannedFromPlacedOrder(type: PlacedOrderType, p: PlacedOrder, lookup: ProductLookup): PlannedMoveSpec[] {
  if (p.status === 'cancelled') return [];
  const reference = placedOrderReference(p);
  return plannedFromDraft({
    draftOrderId: p.orderRef, type, warehouseId: p.warehouseId,
    ...(p.sourceWarehouseId ? { sourceWarehouseId: p.sourceWarehouseId } : {}), ...(p.startDate ? { orderDate: p.startDate } : {}),
    lines: p.lines,
  }, lookup, reference);
}

/** Every product an order placed without a draft names (its lines and their components). */
export const productsOfPlacedOrder = (p: PlacedOrder): string[] =>
  [...new Set(p.lines.flatMap((l) => [l.productId, ...(l.components ?? []).map((c) => c.productId)]))];
