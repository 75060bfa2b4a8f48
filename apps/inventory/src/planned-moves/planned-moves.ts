import type { Direction, ReferenceType } from '../stock/index.js';
import { InventoryInputError } from '../shared/errors.js';
import { toStockQuantity, type ProductUoms } from '../products/index.js';
import type { Decimal } from '../shared/quantities.js';

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
  /** Supply Replenish did not raise: the system that announced it and its reference there (decision inventory-004). */
  source?: { system: string; ref: string };
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
  /** A manufacturing draft's manufacturing start: when its components are consumed. */
  orderDate?: string;
  lines: readonly {
    productId: string; quantity: string; uom: string; plannedDate: string;
    /** What making a manufacturing line consumes (decision planning-009). */
    components?: readonly { productId: string; quantity: string; uom: string }[];
  }[];
}

/**
 * Supply of a confirmed draft: every line is incoming at the draft's warehouse on its planned date; a
 * transfer's lines are also outgoing at the source warehouse (same date, decision inventory-001).
 * A manufacturing draft's line components are outgoing at the draft's warehouse on the manufacturing start (the
 * draft's orderDate; the line's planned date when the draft has none), decision planning-009; components on other
 * drafts are ignored. Moves of one product and direction are merged (quantities summed, earliest date), since done
 * moves settle by draft, product, warehouse and direction. An order placed without a draft is planned the same way
 * under its own `reference` (decision inventory-004).
 */
export function plannedFromDraft(
  draft: DraftInput, lookup: ProductLookup,
  reference: Pick<PlannedMoveSpec, 'referenceType' | 'referenceId' | 'source'> = { referenceType: 'draft-order', referenceId: draft.draftOrderId },
): PlannedMoveSpec[] {
  if (draft.type === 'transfer' && !draft.sourceWarehouseId) {
    throw new InventoryInputError('INVALID_MOVE', 'sourceWarehouseId', `transfer draft ${draft.draftOrderId} has no sourceWarehouseId`);
  }
  const merged = new Map<string, PlannedMoveSpec>();
  const add = (productId: string, warehouseId: string, direction: Direction, date: string, quantity: Decimal): void => {
    const key = `${productId}|${warehouseId}|${direction}`;
    const prev = merged.get(key);
    if (prev) {
      prev.quantity = prev.quantity.plus(quantity);
      if (date < prev.date) prev.date = date;
    } else {
      merged.set(key, { ...reference, productId, warehouseId, direction, date, quantity, salesOrderId: null });
    }
  };
  draft.lines.forEach((line, i) => {
    const quantity = toStockQuantity(productOf(lookup, line.productId, `lines.${i}.productId`), line.quantity, line.uom, `lines.${i}.quantity`, true);
    add(line.productId, draft.warehouseId, 'in', line.plannedDate, quantity);
    if (draft.type === 'transfer') add(line.productId, draft.sourceWarehouseId as string, 'out', line.plannedDate, quantity);
    if (draft.type !== 'manufacturing') return;
    (line.components ?? []).forEach((c, j) => {
      const field = `lines.${i}.components.${j}`;
      const consumed = toStockQuantity(productOf(lookup, c.productId, `${field}.productId`), c.quantity, c.uom, `${field}.quantity`, true);
      add(c.productId, draft.warehouseId, 'out', draft.orderDate ?? line.plannedDate, consumed);
    });
  });
  return [...merged.values()];
}

/** Every product a draft's planned moves name (its lines and, on manufacturing drafts, their components). */
export function productsOfDraft(draft: DraftInput): string[] {
  return [...new Set(draft.lines.flatMap((l) => [l.productId, ...(draft.type === 'manufacturing' ? (l.components ?? []).map((c) => c.productId) : [])]))];
}

export const plannedKey = (p: Pick<PlannedMoveSpec, 'referenceType' | 'referenceId' | 'productId' | 'warehouseId' | 'direction'>): string =>
  `${p.referenceType}|${p.referenceId}|${p.productId}|${p.warehouseId}|${p.direction}`;
