import { z } from 'zod';
import { PRICE_BOUND } from './numeric-bounds.js';
import { DECIMAL_MAX_LENGTH, boundedDecimal, datedQuantity, decimalString, id, isoDate, isoInstant, nonNegativeDecimal, positiveDecimal, uom, uomCode } from './primitives.js';
import { topics, productWarehouseKey, type TopicName } from './topics.js';

export interface EventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  type: T;
  version: number;
  topic: TopicName | string;
  payload: S;
  /** The message key, derived from the payload so producers cannot get it wrong. */
  keyOf: (payload: z.infer<S>) => string;
  summary: string;
}

// Definitions differ in their payload types; a catalog holds them all.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEventDefinition = EventDefinition<string, any>;

export const defineEvent = <T extends string, S extends z.ZodType>(d: EventDefinition<T, S>): EventDefinition<T, S> => d;

const route = z.enum(['mto', 'stock']);
/** Lines of one order at most: what upstream systems may send, so also the highest line number. */
const MAX_ORDER_LINES = 1000;
const upstreamLine = z.object({
  lineRef: id,
  productId: id,
  warehouseId: id,
  quantity: positiveDecimal,
  uom: uomCode,
  route,
  requestedDate: isoDate,
  commitmentDate: isoDate.optional(),
});

// ---- upstream.orders: upstream order systems -> sales-orders (key: the upstream order reference)
export const upstreamOrderSubmitted = defineEvent({
  type: 'upstream-order.submitted', version: 1, topic: topics.upstreamOrders,
  payload: z.object({ orderRef: id, customerId: id.optional(), lines: z.array(upstreamLine).min(1).max(MAX_ORDER_LINES) }),
  keyOf: (p) => p.orderRef,
  summary: 'Create the sales order as a draft, or replace the draft with these lines.',
});
export const upstreamOrderConfirmRequested = defineEvent({
  type: 'upstream-order.confirm-requested', version: 1, topic: topics.upstreamOrders,
  payload: z.object({ orderRef: id }),
  keyOf: (p) => p.orderRef,
  summary: 'Confirm the draft sales order.',
});
export const upstreamOrderLineQuantityChanged = defineEvent({
  type: 'upstream-order.line-quantity-changed', version: 1, topic: topics.upstreamOrders,
  payload: z.object({ orderRef: id, lineRef: id, quantity: nonNegativeDecimal }),
  keyOf: (p) => p.orderRef,
  summary: "Change one line's quantity (after confirmation: grow, or shrink down to what is delivered).",
});
export const upstreamOrderCancelRequested = defineEvent({
  type: 'upstream-order.cancel-requested', version: 1, topic: topics.upstreamOrders,
  payload: z.object({ orderRef: id, reason: z.string().max(500).optional() }),
  keyOf: (p) => p.orderRef,
  summary: 'Cancel the sales order.',
});

// ---- sales-orders.events: sales-orders -> inventory, planning (key: sales order id)
const salesLine = z.object({
  lineId: id, lineRef: id, productId: id, warehouseId: id, quantity: positiveDecimal, uom: uomCode, route, deliveryDate: isoDate,
  lineNo: z.number().int().min(1).max(MAX_ORDER_LINES).optional().describe(
    "The line's number in its sales order, from 1: with orderRef, how people name the line (\"SO-2, line 1\"). " +
      'Absent on events published before it was sent.',
  ),
});
export const salesOrderConfirmed = defineEvent({
  type: 'sales-order.confirmed', version: 1, topic: topics.salesOrderEvents,
  payload: z.object({ salesOrderId: id, orderRef: id, confirmedAt: isoInstant, lines: z.array(salesLine).min(1) }),
  keyOf: (p) => p.salesOrderId,
  summary: 'A sales order was confirmed, with all its lines.',
});
export const salesOrderLineChanged = defineEvent({
  type: 'sales-order.line-changed', version: 1, topic: topics.salesOrderEvents,
  payload: salesLine.omit({ quantity: true }).extend({
    salesOrderId: id, orderRef: id, oldQuantity: nonNegativeDecimal, newQuantity: nonNegativeDecimal,
  }),
  keyOf: (p) => p.salesOrderId,
  summary: 'A confirmed line changed quantity (old and new quantity).',
});
export const salesOrderCancelled = defineEvent({
  type: 'sales-order.cancelled', version: 1, topic: topics.salesOrderEvents,
  payload: z.object({
    salesOrderId: id, orderRef: id, wasConfirmed: z.boolean(),
    lines: z.array(salesLine.extend({ quantity: nonNegativeDecimal, deliveredQuantity: nonNegativeDecimal })),
  }),
  keyOf: (p) => p.salesOrderId,
  summary: 'A sales order was cancelled; lines carry their quantity and what was already delivered.',
});

// ---- warehouse.stock-moves: warehouse systems -> inventory (key: product id)
export const moveReference = z.object({
  type: z.enum(['sales-order-line', 'draft-order', 'planned-move', 'external-order']).describe(
    'planned-move: a planned move a warehouse system announced (planned-move.announced, id = its externalRef); ' +
      'external-order: an order placed without a draft (purchase-order.placed and the like, id = its orderRef). Both name their sourceSystem.',
  ),
  id,
  sourceSystem: id.optional().describe('planned-move and external-order references: the system that announced it.'),
}).refine((r) => (r.sourceSystem !== undefined) === (r.type === 'planned-move' || r.type === 'external-order'), {
  message: 'sourceSystem is given exactly for planned-move and external-order references',
  path: ['sourceSystem'],
});
export const stockMoveDone = defineEvent({
  type: 'stock-move.done', version: 1, topic: topics.stockMoves,
  payload: z.object({
    moveId: id,
    kind: z.enum(['receipt', 'delivery', 'internal', 'adjustment', 'scrap']),
    productId: id,
    quantity: positiveDecimal,
    uom: uomCode,
    /** Location codes: a warehouse's "WH1/Stock/Shelf 2", or a virtual "virtual/vendor", "virtual/customer"... */
    fromLocation: z.string().min(1).max(200),
    toLocation: z.string().min(1).max(200),
    doneAt: isoInstant,
    /** The order this move fulfils: settles its planned move (partial moves included). */
    reference: moveReference.optional(),
  }),
  keyOf: (p) => p.productId,
  summary: 'A stock move was done in a warehouse.',
});

// ---- inventory.stock-positions: inventory -> planning (key: product@warehouse)
export const stockPositionChanged = defineEvent({
  type: 'stock-position.changed', version: 1, topic: topics.stockPositions,
  payload: z.object({
    productId: id,
    warehouseId: id,
    uom: uomCode,
    onHand: decimalString,
    /** Planned, not yet done moves, summed per date: enough to compute the forecast at any date. */
    incoming: z.array(datedQuantity),
    outgoing: z.array(datedQuantity),
    /** Grows by one per change of this position: a consumer ignores a position older than one it has. */
    sequence: z.number().int().nonnegative(),
    asOf: isoInstant,
    /** Optional, compatible with schema version 1 (decision inventory-004). */
    lateSupplyNotCounted: z.object({
      quantity: positiveDecimal.describe('What remains to receive of them, in the stock UoM.'),
      since: isoDate.describe('The earliest of their planned dates.'),
    }).optional().describe(
      'Planned receipts past their date and not all received that `incoming` leaves out (INVENTORY_LATE_SUPPLY=ignore), ' +
        'so that a rule evaluation can say so. Absent when there are none, with INVENTORY_LATE_SUPPLY=count, and on positions published before.',
    ),
  }),
  keyOf: (p) => productWarehouseKey(p.productId, p.warehouseId),
  summary: 'The stock position of a product at a warehouse changed.',
});

// ---- planning.draft-orders: planning -> purchasing, manufacturing, inventory (key: the top-up key)
export const draftOrigin = z.object({
  kind: z.enum(['rule', 'sales-order-line', 'mps', 'manual', 'mrp']).describe('mrp: an MRP suggestion firmed, its id the ref (GET /mrp/suggestions/{id}/pegging while it is planned).'),
  ref: id,
  quantity: decimalString,
  eventId: z.string().max(100).optional(),
});
/**
 * A component a manufacturing draft line consumes: line quantity x component quantity / BOM output quantity,
 * rounded up at the component's stock UoM step (`componentDemand` of libs/domain; decision planning-009).
 * Inventory plans it as outgoing at the draft's warehouse on the draft's `orderDate` (the manufacturing start).
 */
export const draftLineComponent = z.object({
  productId: id,
  quantity: nonNegativeDecimal.describe("Decimal string, zero or more, in the component's stock UoM."),
  uom: uomCode.describe("The code of the component's stock UoM."),
});
/**
 * One line of a draft, in the product's stock UoM (`quantity`, `uom`). `purchaseQuantity` and `purchaseUom`
 * (optional, compatible with schema version 1; decision domain-008) are present together on purchase drafts
 * whose product has a purchase UoM: the line quantity converted into it, half-up at its rounding step.
 * `components` (optional, schema version 1; decision planning-009) on manufacturing drafts: what the line consumes.
 * `unitPrice` and `priceUom` (optional, present together, schema version 1; decision planning-024) on purchase lines
 * priced from their vendor's supplier info, with `amount` when the line is in the price's UoM.
 * A line of a whole draft carries `origins`, a changed line of draft-order.updated `originChanges`.
 */
const draftLineHead = {
  lineId: id,
  productId: id,
  quantity: nonNegativeDecimal,
  uom: uomCode,
  plannedDate: isoDate,
};
const draftLineTerms = {
  purchaseQuantity: nonNegativeDecimal.optional().describe(
    'Decimal string, zero or more: `quantity` converted into the purchase UoM, rounded half-up at its step. ' +
      'Present, with purchaseUom, on purchase drafts whose product has a purchase UoM; absent otherwise and on drafts published before.',
  ),
  purchaseUom: uomCode.optional().describe('The code of the purchase UoM that purchaseQuantity is counted in; present exactly when purchaseQuantity is.'),
  components: z.array(draftLineComponent).max(500).optional().describe(
    'On manufacturing drafts: what making this line consumes, one entry per component product (decision planning-009). ' +
      'Absent on other drafts and on drafts published before.',
  ),
  unitPrice: boundedDecimal(PRICE_BOUND).refine((s) => !s.startsWith('-'), { message: 'must not be negative' }).optional().describe(
    "Decimal string, zero or more: the price of one priceUom of the product at the draft's vendor, from its supplier info as of the " +
      "line's last change (decision planning-024), in the catalog's one currency (supplier infos name none). Present, with priceUom, " +
      'on purchase lines; absent on other drafts and on lines last changed before prices were kept.',
  ),
  priceUom: uomCode.optional().describe(
    "The code of the UoM unitPrice is per: the product's purchase UoM when it has one, else its stock UoM. Present exactly when unitPrice is.",
  ),
  amount: z.string().max(DECIMAL_MAX_LENGTH).regex(/^\d+(\.\d{1,6})?$/, 'must be a non-negative decimal string with at most 6 decimals').optional().describe(
    'Decimal string: unitPrice x the line quantity in priceUom (purchaseQuantity when priceUom is purchaseUom, else quantity), ' +
      'half-up at 6 decimals. Present when unitPrice is and the line is in priceUom or has its purchaseQuantity in it.',
  ),
};
/** The rules between a line's optional fields, for both kinds of line. */
type LineTerms = { purchaseQuantity?: string; purchaseUom?: string; unitPrice?: string; priceUom?: string };
type LineRule = [(l: LineTerms) => boolean, { message: string; path: string[] }];
const purchaseTermsTogether: LineRule = [(l) => (l.purchaseQuantity === undefined) === (l.purchaseUom === undefined), {
  message: 'purchaseQuantity and purchaseUom go together', path: ['purchaseUom'],
}];
const priceTermsTogether: LineRule = [(l) => (l.unitPrice === undefined) === (l.priceUom === undefined), {
  message: 'unitPrice and priceUom go together', path: ['priceUom'],
}];
const lineDependencies = {
  dependencies: { purchaseQuantity: ['purchaseUom'], purchaseUom: ['purchaseQuantity'], unitPrice: ['priceUom'], priceUom: ['unitPrice'], amount: ['unitPrice'] },
};
export const draftLine = z.object({ ...draftLineHead, origins: z.array(draftOrigin), ...draftLineTerms })
  .refine(...purchaseTermsTogether).refine(...priceTermsTogether).meta(lineDependencies);
/** What one version changed of a line's origins of one (kind, ref): a whole draft's `origins` entries are the sums of these. */
export const draftOriginChange = draftOrigin.extend({
  quantity: decimalString.describe(
    'Decimal string, signed: what this version added to the origins of this kind and ref on the line (negative: what it took off). ' +
      "The line's origin of this (kind, ref) is the sum of its changes since the draft was raised (raised, confirmed and cancelled carry the sums).",
  ),
  eventId: z.string().max(100).optional().describe('The event behind the change when one event made it.'),
});
/**
 * A line draft-order.updated (schema version 2) carries: a line this version added or changed, with every field of
 * the line as it is now except its origins, of which only what the version changed (decision planning-025).
 */
export const draftLineChange = z.object({ ...draftLineHead, originChanges: z.array(draftOriginChange), ...draftLineTerms })
  .refine(...purchaseTermsTogether).refine(...priceTermsTogether).meta(lineDependencies);
const draftHeader = {
  draftOrderId: id,
  type: z.enum(['purchase', 'manufacturing', 'transfer']),
  topUpKey: z.string().min(1).max(300),
  vendorId: id.optional(),
  bomId: id.optional(),
  sourceWarehouseId: id.optional(),
  warehouseId: id,
  state: z.enum(['draft', 'confirmed', 'cancelled']),
  version: z.number().int().positive(),
  orderDate: isoDate.optional(),
};
export const draftOrder = z.object({ ...draftHeader, lines: z.array(draftLine) });
/**
 * What one version of an open draft changed (draft-order.updated, schema version 2; decision planning-025): the
 * header as it is now, the lines the version added or changed, and those it removed. A consumer knows the whole
 * draft by applying each version, in order, to the draft of draft-order.raised (versions grow by one per event of a
 * draft); a version it missed it reads over `GET /draft-orders/{id}`.
 */
export const draftOrderChange = z.object({
  ...draftHeader,
  lines: z.array(draftLineChange).describe('The lines this version added or changed, each as it is now (its origins: only their changes).'),
  removedLines: z.array(z.object({ lineId: id, productId: id })).describe('The lines this version removed.'),
  lineCount: z.number().int().nonnegative().describe('How many lines the draft has at this version: a check for a consumer that applies the changes.'),
});
const draftEvent = <T extends string>(type: T, summary: string) =>
  defineEvent({ type, version: 1, topic: topics.draftOrders, payload: draftOrder, keyOf: (p) => p.topUpKey, summary });
export const draftOrderRaised = draftEvent('draft-order.raised', 'A new draft order, whole.');
export const draftOrderUpdated = defineEvent({
  type: 'draft-order.updated', version: 2, topic: topics.draftOrders, payload: draftOrderChange, keyOf: (p) => p.topUpKey,
  summary: 'A draft order was topped up or shrunk: what this version changed (the lines added, changed or removed), next version.',
});
export const draftOrderConfirmed = draftEvent('draft-order.confirmed', 'The draft was confirmed and is frozen: its lines are now incoming supply; the whole draft.');
export const draftOrderCancelled = draftEvent('draft-order.cancelled', 'The draft was cancelled; nothing of it is in progress any more; the whole draft.');

// ---- planning.exceptions (key: product@warehouse)
export const planningExceptionRaised = defineEvent({
  type: 'planning-exception.raised', version: 1, topic: topics.planningExceptions,
  payload: z.object({
    exceptionId: id,
    kind: z.enum(['over-ordered', 'under-ordered', 'reschedule']),
    message: z.string().max(1000),
    productId: id,
    warehouseId: id,
    quantity: decimalString,
    salesOrderId: id.optional(),
    salesOrderLineId: id.optional(),
    draftOrderId: id.optional(),
    raisedAt: isoInstant,
  }),
  keyOf: (p) => productWarehouseKey(p.productId, p.warehouseId),
  summary: 'A change reached an order that is already confirmed: a planner must act.',
});

// ---- purchasing.orders, manufacturing.orders, transfers.orders: the systems that confirm drafts (key: draft id)
const supplyDecision = z.object({
  draftOrderId: id,
  /** The supplier-side document number (PO, MO, transfer). */
  externalRef: id.optional(),
  reason: z.string().max(500).optional(),
});
const supplyEvent = <T extends string>(type: T, topic: TopicName, summary: string) =>
  defineEvent({ type, version: 1, topic, payload: supplyDecision, keyOf: (p) => p.draftOrderId, summary });
export const purchaseOrderConfirmed = supplyEvent('purchase-order.confirmed', topics.purchasingOrders, 'The purchasing system confirmed a draft purchase order.');
export const purchaseOrderCancelled = supplyEvent('purchase-order.cancelled', topics.purchasingOrders, 'The purchasing system cancelled a draft purchase order.');
export const manufacturingOrderConfirmed = supplyEvent('manufacturing-order.confirmed', topics.manufacturingOrders, 'The manufacturing system confirmed a draft manufacturing order.');
export const manufacturingOrderCancelled = supplyEvent('manufacturing-order.cancelled', topics.manufacturingOrders, 'The manufacturing system cancelled a draft manufacturing order.');
export const transferOrderConfirmed = supplyEvent('transfer-order.confirmed', topics.transferOrders, 'The warehouse system confirmed a draft transfer.');
export const transferOrderCancelled = supplyEvent('transfer-order.cancelled', topics.transferOrders, 'The warehouse system cancelled a draft transfer.');

// ---- catalog.products: planning's catalog -> sales-orders, inventory (key: product id)
export const productUpserted = defineEvent({
  type: 'product.upserted', version: 1, topic: topics.products,
  payload: z.object({
    productId: id,
    sku: z.string().min(1).max(100),
    name: z.string().min(1).max(300),
    stockUom: uom,
    /** Every UoM the product may be counted in: all of the stock UoM's category. */
    uoms: z.array(uom).min(1),
    purchaseUom: uomCode.optional(),
    routes: z.array(z.string().min(1).max(100)),
    takeFromStockFirst: z.boolean(),
    active: z.boolean(),
  }),
  keyOf: (p) => p.productId,
  summary: 'Product master data: identity, units of measure and routes.',
});

// ---- inventory.warehouses: inventory -> planning, sales-orders (key: warehouse id)
export const warehouseCreated = defineEvent({
  type: 'warehouse.created', version: 1, topic: topics.warehouses,
  payload: z.object({
    warehouseId: id.describe('The id other services use (`productId@warehouseId` keys, draft orders, rules).'),
    code: z.string().min(1).max(20).describe('Short code; the warehouse\'s stock location is `<code>/Stock`.'),
    name: z.string().min(1).max(200),
    timeZone: z.string().min(1).max(64).describe('IANA time zone: the warehouse calendar (its "today" and its dated moves).'),
  }),
  keyOf: (p) => p.warehouseId,
  summary: 'A warehouse was created in inventory, the service that owns warehouses; the others learn it from this event.',
});
