import type { Direction, ReferenceType } from './move-effects.js';
import { InventoryInputError } from './errors.js';
import { toStockQuantity, type ProductUoms } from './product-uom.js';
import type { Decimal } from './quantities.js';

/** A planned (confirmed, not yet done) move as an order event describes it, in the stock UoM. */
export interface PlannedMoveSpec {
  referenceType: ReferenceType;
  referenceId: string;
  productId: string;
  warehouseId: string;
  direction: Direction;
  date: string;
  quantity: Decimal;
  /** The sales order of a sales line, so that cancelling the order finds its lines. */
  salesOrderId: string | null;
}

export type ProductLookup = (productId: string) => ProductUoms | undefined;

function productOf(lookup: ProductLookup, productId: string, field: string): ProductUoms {
  const p = lookup(productId);
  if (!p) throw new InventoryInputError('UNKNOWN_PRODUCT', field, `unknown product ${productId} (no product.upserted received yet)`);
  return p;
}

export interface SalesLineInput {
  lineId: string;
  productId: string;
  warehouseId: string;
  quantity: string;
  uom: string;
  deliveryDate: string;
}

/** Outgoing demand of confirmed sales lines: one planned move per line, out of the line's warehouse on its delivery date. */
export function plannedFromSalesLines(salesOrderId: string, lines: readonly SalesLineInput[], lookup: ProductLookup): PlannedMoveSpec[] {
  return lines.map((line, i) => ({
    referenceType: 'sales-order-line',
    referenceId: line.lineId,
    productId: line.productId,
    warehouseId: line.warehouseId,
    direction: 'out',
    date: line.deliveryDate,
    quantity: toStockQuantity(productOf(lookup, line.productId, `lines.${i}.productId`), line.quantity, line.uom, `lines.${i}.quantity`, true),
    salesOrderId,
  }));
}

export interface DraftInput {
  draftOrderId: string;
  type: 'purchase' | 'manufacturing' | 'transfer';
  warehouseId: string;
  sourceWarehouseId?: string;
  lines: readonly { productId: string; quantity: string; uom: string; plannedDate: string }[];
}

/**
 * Supply of a confirmed draft: every line is incoming at the draft's warehouse on its planned date; a
 * transfer's lines are also outgoing at the source warehouse (same date, see decision inventory-planned-moves).
 * Lines of one product are merged (quantities summed, earliest date), since done moves settle by draft and product.
 */
export function plannedFromDraft(draft: DraftInput, lookup: ProductLookup): PlannedMoveSpec[] {
  if (draft.type === 'transfer' && !draft.sourceWarehouseId) {
    throw new InventoryInputError('INVALID_MOVE', 'sourceWarehouseId', `transfer draft ${draft.draftOrderId} has no sourceWarehouseId`);
  }
  const merged = new Map<string, PlannedMoveSpec>();
  draft.lines.forEach((line, i) => {
    const quantity = toStockQuantity(productOf(lookup, line.productId, `lines.${i}.productId`), line.quantity, line.uom, `lines.${i}.quantity`, true);
    const legs: [string, Direction][] = [[draft.warehouseId, 'in']];
    if (draft.type === 'transfer') legs.push([draft.sourceWarehouseId as string, 'out']);
    for (const [warehouseId, direction] of legs) {
      const key = `${line.productId}|${warehouseId}|${direction}`;
      const prev = merged.get(key);
      if (prev) {
        prev.quantity = prev.quantity.plus(quantity);
        if (line.plannedDate < prev.date) prev.date = line.plannedDate;
      } else {
        merged.set(key, {
          referenceType: 'draft-order', referenceId: draft.draftOrderId, productId: line.productId, warehouseId, direction,
          date: line.plannedDate, quantity, salesOrderId: null,
        });
      }
    }
  });
  return [...merged.values()];
}

export const plannedKey = (p: Pick<PlannedMoveSpec, 'referenceType' | 'referenceId' | 'productId' | 'warehouseId' | 'direction'>): string =>
  `${p.referenceType}|${p.referenceId}|${p.productId}|${p.warehouseId}|${p.direction}`;
