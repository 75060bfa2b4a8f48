import { z } from 'zod';
import { defineEvent, draftLineComponent } from './events.js';
import { id, isoDate, positiveDecimal, uomCode } from './primitives.js';
import { topics, type TopicName } from './topics.js';

/**
 * Supply and demand that Replenish did not raise (decision inventory-004): planned moves announced by warehouse
 * systems, and orders confirmed in a purchasing, manufacturing or warehouse system without a planning draft.
 * Inventory plans them as it plans a confirmed draft, so planning's rules see them in stock-position.changed.
 */

/** Who announced a planned move or placed an order: with `externalRef`/`orderRef`, what names it everywhere. */
const sourceSystem = id.describe('The system that announced it (e.g. `wms-north`): with the reference, what names it.');

// ---- warehouse.stock-moves: warehouse systems -> inventory (key: product id)
export const plannedMoveAnnounced = defineEvent({
  type: 'planned-move.announced', version: 1, topic: topics.stockMoves,
  payload: z.object({
    sourceSystem,
    externalRef: id.describe('The reference of the planned move in its system (an advance shipping notice, a picking).'),
    kind: z.enum(['receipt', 'delivery', 'internal']).describe(
      'receipt: incoming at warehouseId; delivery: outgoing at warehouseId; internal: outgoing at warehouseId (an internal consumption), ' +
        'and incoming at toWarehouseId when given (a shipment to another site).',
    ),
    productId: id,
    warehouseId: id,
    toWarehouseId: id.optional().describe('internal moves only: the warehouse the goods go to.'),
    quantity: positiveDecimal,
    uom: uomCode,
    date: isoDate.describe("The planned date, in the warehouse's calendar."),
  }).refine((p) => p.toWarehouseId === undefined || (p.kind === 'internal' && p.toWarehouseId !== p.warehouseId), {
    message: 'only an internal move names toWarehouseId, another warehouse than warehouseId',
    path: ['toWarehouseId'],
  }),
  keyOf: (p) => p.productId,
  summary: 'A warehouse system plans a move, or changes its date or quantity (announced again with the same sourceSystem, externalRef and productId).',
});

export const plannedMoveCancelled = defineEvent({
  type: 'planned-move.cancelled', version: 1, topic: topics.stockMoves,
  payload: z.object({ sourceSystem, externalRef: id, productId: id, reason: z.string().max(500).optional() }),
  keyOf: (p) => p.productId,
  summary: 'A warehouse system cancels what is left of a planned move (what was done of it stays booked).',
});

// ---- purchasing.orders, manufacturing.orders, transfers.orders: orders placed without a planning draft (key: sourceSystem/orderRef)
const placedLine = z.object({
  productId: id,
  quantity: positiveDecimal,
  uom: uomCode,
  plannedDate: isoDate.describe('When the goods are expected at warehouseId.'),
  components: z.array(draftLineComponent.extend({ quantity: positiveDecimal })).max(500).optional().describe(
    'Manufacturing orders only: what making this line consumes, in any UoM of each component; outgoing at warehouseId on startDate.',
  ),
});
const placedOrder = z.object({
  sourceSystem,
  orderRef: id.describe('The order number in its system (PO, MO, transfer).'),
  status: z.enum(['confirmed', 'cancelled']).describe('confirmed: its lines are supply; cancelled: what is left of it is withdrawn.'),
  warehouseId: id.describe('Where the goods arrive.'),
  vendorId: id.optional(),
  sourceWarehouseId: id.optional().describe('Transfers: the warehouse the goods leave, outgoing there on each line\'s plannedDate.'),
  startDate: isoDate.optional().describe('Manufacturing orders: the manufacturing start, when the components are consumed (default: each line\'s plannedDate).'),
  lines: z.array(placedLine).max(1000),
});
const placedEvent = <T extends string>(type: T, topic: TopicName, what: string, check?: (p: z.infer<typeof placedOrder>) => boolean, message?: string) =>
  defineEvent({
    type, version: 1, topic,
    payload: check ? placedOrder.refine(check, { message: message ?? '', path: ['sourceWarehouseId'] }) : placedOrder,
    keyOf: (p) => externalOrderKey(p.sourceSystem, p.orderRef),
    summary: `${what} confirmed in its own system without a planning draft, whole, as it is now: sent again with the same orderRef at every change; ` +
      'status cancelled withdraws it.',
  });

/** The message key of an order placed without a draft: all its versions in order. */
export const externalOrderKey = (sourceSystem: string, orderRef: string): string => `${sourceSystem}/${orderRef}`;

export const purchaseOrderPlaced = placedEvent('purchase-order.placed', topics.purchasingOrders, 'A purchase order');
export const manufacturingOrderPlaced = placedEvent('manufacturing-order.placed', topics.manufacturingOrders, 'A manufacturing order');
export const transferOrderPlaced = placedEvent('transfer-order.placed', topics.transferOrders, 'A transfer',
  (p) => p.sourceWarehouseId !== undefined && p.sourceWarehouseId !== p.warehouseId, 'a transfer names its sourceWarehouseId, another warehouse than warehouseId');

/** The order events placed without a draft, by the type of order they create. */
export const placedOrderEvents = { purchase: purchaseOrderPlaced, manufacturing: manufacturingOrderPlaced, transfer: transferOrderPlaced } as const;
