import { createHash } from 'node:crypto';
import type { PayloadOf } from './catalog.js';
import type { EventEnvelope } from './envelope.js';
import type { AnyEventDefinition } from './events.js';
import type * as e from './events.js';
import type * as x from './external-supply.js';
import type * as mrp from './mrp.js';
import type * as f from './demand-forecasts.js';

/**
 * One valid payload per event type, telling one small story: upstream order UP-2026-0042 asks for 12
 * (then 15) "P-100" bolts at warehouse WH1 on the make-to-order route; planning tops up the draft
 * purchase order DO-77 to vendor V-10, which the purchasing system confirms and the warehouse receives.
 *
 * Used by the contract tests, by other packages' tests (copy and modify them) and as the examples of the
 * AsyncAPI messages (docs/asyncapi.yaml). Every entry is type-checked against its definition's payload.
 */
const orderRef = 'UP-2026-0042';
const salesOrderId = 'SO-0042';
const productId = 'P-100';
const warehouseId = 'WH1';
const draftOrderId = 'DO-77';
const units = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };

const salesLine = {
  lineId: 'SOL-0042-1', lineRef: '1', lineNo: 1, productId, warehouseId, quantity: '12', uom: 'Units', route: 'mto' as const, deliveryDate: '2026-03-12',
};

const draft = (state: 'draft' | 'confirmed' | 'cancelled', version: number, quantity: string): PayloadOf<typeof e.draftOrderRaised> => ({
  draftOrderId,
  type: 'purchase',
  topUpKey: `purchase|V-10|${warehouseId}`,
  vendorId: 'V-10',
  warehouseId,
  state,
  version,
  orderDate: '2026-03-03',
  lines: [{
    lineId: 'DOL-77-1', productId, quantity, uom: 'Units', plannedDate: '2026-03-09',
    // P-100 is bought by the dozen (product.upserted): the quantity in Dozens, half-up (12 -> 1, 40 -> 3.33 -> 3).
    purchaseQuantity: quantity === '12' ? '1' : '3', purchaseUom: 'Dozens',
    // V-10's supplier info prices P-100 at 30.00 a dozen (decision planning-024): the amount is of the purchase quantity.
    unitPrice: '30.00', priceUom: 'Dozens', amount: quantity === '12' ? '30' : '90',
    origins: [
      { kind: 'sales-order-line', ref: 'SOL-0042-1', quantity: '12', eventId: '3f0c9a52-6d1e-4c1b-9a57-0d3b2f9e8a11' },
      ...(quantity === '40' ? [{ kind: 'rule' as const, ref: 'RR-P-100-WH1', quantity: '28' }] : []),
    ],
  }],
});

/** Version 2 of DO-77, as draft-order.updated tells it: the line topped up by 28 for the rule, its other origin unchanged. */
const draftChange = (): PayloadOf<typeof e.draftOrderUpdated> => {
  const { lines: [line], ...header } = draft('draft', 2, '40');
  const { origins: _whole, ...changed } = line!;
  return {
    ...header,
    lines: [{ ...changed, originChanges: [{ kind: 'rule', ref: 'RR-P-100-WH1', quantity: '28', eventId: '8d2e4c1a-0b7f-4e3a-9c55-2a6f1e9d7b30' }] }],
    removedLines: [],
    lineCount: 1,
  };
};

const supplyDecision = { draftOrderId, externalRef: 'PO-2026-0311' };

export const exampleEvents = {
  'upstream-order.submitted': {
    orderRef,
    customerId: 'C-7',
    lines: [{ lineRef: '1', productId, warehouseId, quantity: '12', uom: 'Units', route: 'mto', requestedDate: '2026-03-10', commitmentDate: '2026-03-12' }],
  } satisfies PayloadOf<typeof e.upstreamOrderSubmitted>,
  'upstream-order.confirm-requested': { orderRef } satisfies PayloadOf<typeof e.upstreamOrderConfirmRequested>,
  'upstream-order.line-quantity-changed': { orderRef, lineRef: '1', quantity: '15' } satisfies PayloadOf<typeof e.upstreamOrderLineQuantityChanged>,
  'upstream-order.cancel-requested': { orderRef, reason: 'The customer withdrew the order.' } satisfies PayloadOf<typeof e.upstreamOrderCancelRequested>,

  'sales-order.confirmed': {
    salesOrderId, orderRef, confirmedAt: '2026-03-02T09:15:00.000Z', lines: [salesLine],
  } satisfies PayloadOf<typeof e.salesOrderConfirmed>,
  'sales-order.line-changed': {
    lineId: salesLine.lineId, lineRef: salesLine.lineRef, lineNo: salesLine.lineNo, productId, warehouseId, uom: 'Units', route: 'mto', deliveryDate: salesLine.deliveryDate,
    salesOrderId, orderRef, oldQuantity: '12', newQuantity: '15',
  } satisfies PayloadOf<typeof e.salesOrderLineChanged>,
  'sales-order.cancelled': {
    salesOrderId, orderRef, wasConfirmed: true, lines: [{ ...salesLine, quantity: '15', deliveredQuantity: '0' }],
  } satisfies PayloadOf<typeof e.salesOrderCancelled>,

  'stock-move.done': {
    moveId: 'MV-9001', kind: 'receipt', productId, quantity: '40', uom: 'Units',
    fromLocation: 'virtual/vendor', toLocation: 'WH1/Stock', doneAt: '2026-03-09T14:30:00.000Z',
    reference: { type: 'draft-order', id: draftOrderId },
  } satisfies PayloadOf<typeof e.stockMoveDone>,

  'stock-position.changed': {
    productId, warehouseId, uom: 'Units', onHand: '52.5',
    incoming: [{ date: '2026-03-09', quantity: '40' }],
    outgoing: [{ date: '2026-03-12', quantity: '15' }],
    sequence: 18,
    asOf: '2026-03-03T08:00:00.000Z',
    lateSupplyNotCounted: { quantity: '12', since: '2026-02-27' },
  } satisfies PayloadOf<typeof e.stockPositionChanged>,

  'draft-order.raised': draft('draft', 1, '12'),
  'draft-order.updated': draftChange(),
  'draft-order.confirmed': draft('confirmed', 3, '40'),
  'draft-order.cancelled': draft('cancelled', 3, '40'),

  'planning-exception.raised': {
    exceptionId: 'EX-5', kind: 'over-ordered', message: 'Over-ordered by 3 Units for sales order SO-0042: DO-77 is already confirmed.',
    productId, warehouseId, quantity: '3', salesOrderId, salesOrderLineId: salesLine.lineId, draftOrderId,
    raisedAt: '2026-03-04T10:00:00.000Z',
  } satisfies PayloadOf<typeof e.planningExceptionRaised>,

  // MRP (decision planning-021): 40 P-100 to buy for work order suggestion WOS-P-200@WH1-1, and a draft to bring forward.
  'mrp-suggestions.changed': {
    productId, warehouseId, version: 3, plannedAt: '2026-03-03T08:00:01.000Z',
    suggestions: [{ suggestionId: `POS-${productId}@${warehouseId}-1`, kind: 'POS', quantity: '40', dueDate: '2026-03-09', startDate: '2026-03-02', late: false }],
  } satisfies PayloadOf<typeof mrp.mrpSuggestionsChanged>,
  'mrp-replanning-messages.changed': {
    productId, warehouseId, version: 3, plannedAt: '2026-03-03T08:00:01.000Z',
    messages: [{
      receiptId: 'DOL-77-1', action: 'advance', fromDate: '2026-03-12', toDate: '2026-03-09', fromQuantity: '40', toQuantity: '40',
      text: 'order DOL-77-1 due 2026-03-12 is needed on 2026-03-09: advance it',
    }],
  } satisfies PayloadOf<typeof mrp.mrpReplanningMessagesChanged>,

  'purchase-order.confirmed': supplyDecision satisfies PayloadOf<typeof e.purchaseOrderConfirmed>,
  'purchase-order.cancelled': { draftOrderId, reason: 'Vendor cannot deliver.' } satisfies PayloadOf<typeof e.purchaseOrderCancelled>,
  'manufacturing-order.confirmed': { draftOrderId: 'DO-81', externalRef: 'MO-2026-0017' } satisfies PayloadOf<typeof e.manufacturingOrderConfirmed>,
  'manufacturing-order.cancelled': { draftOrderId: 'DO-81', reason: 'BOM obsolete.' } satisfies PayloadOf<typeof e.manufacturingOrderCancelled>,
  'transfer-order.confirmed': { draftOrderId: 'DO-90', externalRef: 'TR-2026-0005' } satisfies PayloadOf<typeof e.transferOrderConfirmed>,
  'transfer-order.cancelled': { draftOrderId: 'DO-90' } satisfies PayloadOf<typeof e.transferOrderCancelled>,

  // Supply Replenish did not raise (decision inventory-004): an advance shipping notice of 40 bolts from the WMS, received in part;
  // a purchase order keyed in the purchasing system; a manufacturing order and a transfer placed in their own systems.
  'planned-move.announced': {
    sourceSystem: 'wms-north', externalRef: 'ASN-5521', kind: 'receipt', productId, warehouseId, quantity: '40', uom: 'Units', date: '2026-03-10',
  } satisfies PayloadOf<typeof x.plannedMoveAnnounced>,
  'planned-move.cancelled': {
    sourceSystem: 'wms-north', externalRef: 'ASN-5521', productId, reason: 'The carrier returned the shipment.',
  } satisfies PayloadOf<typeof x.plannedMoveCancelled>,
  'purchase-order.placed': {
    sourceSystem: 'erp-purchasing', orderRef: 'PO-2026-0400', status: 'confirmed', warehouseId, vendorId: 'V-10',
    lines: [{ productId, quantity: '3', uom: 'Dozens', plannedDate: '2026-03-11' }],
  } satisfies PayloadOf<typeof x.purchaseOrderPlaced>,
  'manufacturing-order.placed': {
    sourceSystem: 'mes', orderRef: 'MO-2026-0090', status: 'confirmed', warehouseId, startDate: '2026-03-06',
    lines: [{ productId: 'P-200', quantity: '10', uom: 'Units', plannedDate: '2026-03-08', components: [{ productId, quantity: '40', uom: 'Units' }] }],
  } satisfies PayloadOf<typeof x.manufacturingOrderPlaced>,
  'transfer-order.placed': {
    sourceSystem: 'wms-north', orderRef: 'TR-2026-0031', status: 'cancelled', warehouseId, sourceWarehouseId: 'WH2',
    lines: [{ productId, quantity: '8', uom: 'Units', plannedDate: '2026-03-07' }],
  } satisfies PayloadOf<typeof x.transferOrderPlaced>,

  'product.upserted': {
    productId, sku: 'BOLT-M8-40', name: 'Steel bolt M8x40', stockUom: units,
    uoms: [units, { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' }],
    purchaseUom: 'Dozens', routes: ['buy', 'mto'], takeFromStockFirst: true, active: true,
  } satisfies PayloadOf<typeof e.productUpserted>,

  'warehouse.created': {
    warehouseId, code: warehouseId, name: 'Main warehouse', timeZone: 'Europe/Brussels',
  } satisfies PayloadOf<typeof e.warehouseCreated>,

  // A forecasting system's weekly forecast of the bolts: 30 the week of 9 March, 45 the week after.
  'demand-forecast.changed': {
    productId, warehouseId, forecastRef: 'FC-2026-W11', periods: [{ date: '2026-03-09', quantity: '30' }, { date: '2026-03-16', quantity: '45' }],
  } satisfies PayloadOf<typeof f.demandForecastChanged>,
};

export type ExampleEventType = keyof typeof exampleEvents;

/** A deterministic UUID (version 5 layout) from a name, so examples and docs never change by themselves. */
export const exampleUuid = (name: string): string => {
  const h = createHash('sha1').update(`replenish-example:${name}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * The example payload of `def` in a complete, valid envelope with fixed id, time and correlation id.
 * `payload` defaults to the entry of `exampleEvents`; throws for a type without an example.
 */
export function exampleEnvelope<D extends AnyEventDefinition>(def: D, payload?: PayloadOf<D>, source = 'example'): EventEnvelope<PayloadOf<D>> {
  const p = payload ?? (exampleEvents as Record<string, unknown>)[def.type];
  if (p === undefined) throw new Error(`no example payload for event type ${def.type}`);
  return {
    id: exampleUuid(`${def.type}@${def.version}`),
    type: def.type,
    schemaVersion: def.version,
    occurredAt: '2026-03-02T09:15:00.000Z',
    key: def.keyOf(p),
    source,
    correlationId: exampleUuid('correlation'),
    causationId: null,
    payload: p as PayloadOf<D>,
  };
}
