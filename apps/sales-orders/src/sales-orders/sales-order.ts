import { dec, isIsoDate, type Decimal } from '@replenish/domain';
import { InvalidOrderDataError, InvalidTransitionError, LineChangeRefusedError, LineNotFoundError } from './errors.js';

/**
 * The sales order lifecycle as pure functions: draft -> confirmed -> done | cancelled.
 *
 * Every function takes the current order and returns the next one plus the effects that downstream services
 * must hear about (the use cases turn effects into outbox events). Nothing here does IO, and quantities are
 * decimals, never numbers. A function that changes nothing returns `changed: false` and no effect: that is
 * what makes a repeated request (same order reference, same operation) harmless.
 */
export type OrderStatus = 'draft' | 'confirmed' | 'done' | 'cancelled';
export const ORDER_STATUSES: readonly OrderStatus[] = ['draft', 'confirmed', 'done', 'cancelled'];
export type Route = 'mto' | 'stock';
export const ROUTES: readonly Route[] = ['mto', 'stock'];

export interface OrderLine {
  readonly id: string;
  readonly lineRef: string;
  readonly productId: string;
  readonly warehouseId: string;
  readonly quantity: Decimal;
  readonly uom: string;
  readonly route: Route;
  /** YYYY-MM-DD, the warehouse's calendar. */
  readonly requestedDate: string;
  readonly commitmentDate: string | null;
  /** What the warehouse has delivered against this line (stock-move.done feedback), in the line's UoM. */
  readonly deliveredQuantity: Decimal;
}

export interface SalesOrder {
  readonly id: string;
  readonly orderRef: string;
  readonly customerId: string | null;
  readonly status: OrderStatus;
  /** Optimistic concurrency: grows by one per stored change. 0 for an order not stored yet. */
  readonly version: number;
  readonly lines: readonly OrderLine[];
  readonly confirmedAt: string | null;
  readonly cancelledAt: string | null;
  readonly cancelReason: string | null;
  readonly doneAt: string | null;
}

export interface LineInput {
  readonly lineRef: string;
  readonly productId: string;
  readonly warehouseId: string;
  readonly quantity: Decimal;
  readonly uom: string;
  readonly route: Route;
  readonly requestedDate: string;
  readonly commitmentDate?: string | null;
}

export interface DraftInput {
  readonly orderRef: string;
  readonly customerId?: string | null;
  readonly lines: readonly LineInput[];
}

export type OrderEffect =
  | { readonly kind: 'confirmed' }
  | { readonly kind: 'line-changed'; readonly lineId: string; readonly oldQuantity: Decimal; readonly newQuantity: Decimal }
  | { readonly kind: 'cancelled'; readonly wasConfirmed: boolean }
  | { readonly kind: 'done' };

export interface Outcome {
  readonly order: SalesOrder;
  readonly changed: boolean;
  readonly effects: readonly OrderEffect[];
}

const unchanged = (order: SalesOrder): Outcome => ({ order, changed: false, effects: [] });

/**
 * Delivery date of a line: the commitment date when the seller committed to one, else the requested date.
 * (docs/semantics.md, "Lead times and dates": order date + customer lead time - sales security lead time needs customer lead times
 * that upstream systems do not send: they send the requested date, which already is that date.)
 */
export const deliveryDate = (line: Pick<OrderLine, 'requestedDate' | 'commitmentDate'>): string => line.commitmentDate ?? line.requestedDate;

/** Quantity still to deliver (never below zero). */
export const openQuantity = (line: OrderLine): Decimal => {
  const open = line.quantity.minus(line.deliveredQuantity);
  return open.isNegative() ? dec(0) : open;
};

const isFullyDelivered = (line: OrderLine): boolean => line.deliveredQuantity.gte(line.quantity);

/** Checks what no state can make acceptable: unique line refs, positive quantities, dates. */
export function validateDraftInput(input: DraftInput): void {
  if (input.lines.length === 0) throw new InvalidOrderDataError('lines', 'an order needs at least one line');
  const seen = new Set<string>();
  input.lines.forEach((l, i) => {
    if (seen.has(l.lineRef)) throw new InvalidOrderDataError(`lines.${i}.lineRef`, `duplicate lineRef ${l.lineRef}`);
    seen.add(l.lineRef);
    if (!l.quantity.gt(0)) throw new InvalidOrderDataError(`lines.${i}.quantity`, 'must be greater than zero');
    if (!isIsoDate(l.requestedDate)) throw new InvalidOrderDataError(`lines.${i}.requestedDate`, 'must be a YYYY-MM-DD calendar date');
    if (l.commitmentDate != null && !isIsoDate(l.commitmentDate)) {
      throw new InvalidOrderDataError(`lines.${i}.commitmentDate`, 'must be a YYYY-MM-DD calendar date');
    }
  });
}

/**
 * Create the order as a draft, or replace the draft's lines. Lines are matched by `lineRef`: a line that
 * stays keeps its id, a new one gets `newId()`, a missing one is removed. Only a draft can be replaced.
 */
export function submitDraft(existing: SalesOrder | undefined, input: DraftInput, newId: () => string): Outcome {
  validateDraftInput(input);
  const customerId = input.customerId ?? null;
  if (!existing) {
    const order: SalesOrder = {
      id: newId(),
      orderRef: input.orderRef,
      customerId,
      status: 'draft',
      version: 0,
      lines: input.lines.map((l) => toLine(newId(), l)),
      confirmedAt: null,
      cancelledAt: null,
      cancelReason: null,
      doneAt: null,
    };
    return { order, changed: true, effects: [] };
  }
  if (existing.status !== 'draft') {
    throw new InvalidTransitionError(`sales order ${existing.orderRef} is ${existing.status}: only a draft can be replaced (change line quantities or cancel instead)`);
  }
  const byRef = new Map(existing.lines.map((l) => [l.lineRef, l]));
  const lines = input.lines.map((l) => toLine(byRef.get(l.lineRef)?.id ?? newId(), l));
  const changed = customerId !== existing.customerId || !sameLines(existing.lines, lines);
  return changed ? { order: { ...existing, customerId, lines }, changed, effects: [] } : unchanged(existing);
}

/** draft -> confirmed. Confirming a confirmed (or done) order again changes nothing. */
export function confirm(order: SalesOrder, now: Date): Outcome {
  if (order.status === 'confirmed' || order.status === 'done') return unchanged(order);
  if (order.status !== 'draft') throw new InvalidTransitionError(`sales order ${order.orderRef} is ${order.status} and cannot be confirmed`);
  if (order.lines.length === 0) throw new InvalidTransitionError(`sales order ${order.orderRef} has no lines and cannot be confirmed`);
  return { order: { ...order, status: 'confirmed', confirmedAt: now.toISOString() }, changed: true, effects: [{ kind: 'confirmed' }] };
}

/**
 * Sets a line's quantity. On a draft, any quantity above zero. On a confirmed order the line can grow, or
 * shrink down to what is already delivered (zero included when nothing is); downstream hears old and new.
 * Done and cancelled orders no longer change.
 */
export function changeLineQuantity(order: SalesOrder, find: { lineId: string } | { lineRef: string }, quantity: Decimal, now: Date): Outcome {
  const line = findLine(order, find);
  if (order.status === 'done' || order.status === 'cancelled') {
    throw new InvalidTransitionError(`sales order ${order.orderRef} is ${order.status}: its lines can no longer change`);
  }
  if (quantity.isNegative()) throw new InvalidOrderDataError('quantity', 'must not be negative');
  if (order.status === 'draft' && !quantity.gt(0)) {
    throw new InvalidOrderDataError('quantity', 'must be greater than zero on a draft order (submit the draft again without the line to remove it)');
  }
  if (order.status === 'confirmed' && quantity.lt(line.deliveredQuantity)) {
    throw new LineChangeRefusedError(
      `line ${line.lineRef} of sales order ${order.orderRef} cannot go down to ${quantity.toString()} ${line.uom}: ${line.deliveredQuantity.toString()} ${line.uom} are already delivered`,
    );
  }
  if (quantity.eq(line.quantity)) return unchanged(order);
  const updated: OrderLine = { ...line, quantity };
  const next: SalesOrder = { ...order, lines: order.lines.map((l) => (l.id === line.id ? updated : l)) };
  if (order.status === 'draft') return { order: next, changed: true, effects: [] };
  const effects: OrderEffect[] = [{ kind: 'line-changed', lineId: line.id, oldQuantity: line.quantity, newQuantity: quantity }];
  return settleIfDelivered(next, effects, now);
}

/** draft | confirmed -> cancelled. Cancelling a cancelled order again changes nothing; a done order cannot be cancelled. */
export function cancel(order: SalesOrder, reason: string | null, now: Date): Outcome {
  if (order.status === 'cancelled') return unchanged(order);
  if (order.status === 'done') throw new InvalidTransitionError(`sales order ${order.orderRef} is done (fully delivered) and cannot be cancelled`);
  const wasConfirmed = order.status === 'confirmed';
  return {
    order: { ...order, status: 'cancelled', cancelledAt: now.toISOString(), cancelReason: reason },
    changed: true,
    effects: [{ kind: 'cancelled', wasConfirmed }],
  };
}

/**
 * Delivery feedback: adds `delta` (negative for a customer return) to a line's delivered quantity, never
 * going below zero. A confirmed order whose every line is fully delivered becomes done.
 */
export function recordDelivery(order: SalesOrder, lineId: string, delta: Decimal, now: Date): Outcome {
  const line = findLine(order, { lineId });
  let delivered = line.deliveredQuantity.plus(delta);
  if (delivered.isNegative()) delivered = dec(0);
  if (delivered.eq(line.deliveredQuantity)) return unchanged(order);
  const next: SalesOrder = { ...order, lines: order.lines.map((l) => (l.id === line.id ? { ...l, deliveredQuantity: delivered } : l)) };
  return settleIfDelivered(next, [], now);
}

function settleIfDelivered(order: SalesOrder, effects: OrderEffect[], now: Date): Outcome {
  const anyDelivered = order.lines.some((l) => l.deliveredQuantity.gt(0));
  if (order.status === 'confirmed' && anyDelivered && order.lines.every(isFullyDelivered)) {
    return { order: { ...order, status: 'done', doneAt: now.toISOString() }, changed: true, effects: [...effects, { kind: 'done' }] };
  }
  return { order, changed: true, effects };
}

export function findLine(order: SalesOrder, find: { lineId: string } | { lineRef: string }): OrderLine {
  const line = 'lineId' in find ? order.lines.find((l) => l.id === find.lineId) : order.lines.find((l) => l.lineRef === find.lineRef);
  if (!line) {
    const what = 'lineId' in find ? `id ${find.lineId}` : `lineRef ${find.lineRef}`;
    throw new LineNotFoundError(`sales order ${order.orderRef} has no line with ${what}`, 'lineId' in find ? 'lineId' : 'lineRef');
  }
  return line;
}

function toLine(id: string, l: LineInput): OrderLine {
  return {
    id,
    lineRef: l.lineRef,
    productId: l.productId,
    warehouseId: l.warehouseId,
    quantity: l.quantity,
    uom: l.uom,
    route: l.route,
    requestedDate: l.requestedDate,
    commitmentDate: l.commitmentDate ?? null,
    deliveredQuantity: dec(0),
  };
}

function sameLines(a: readonly OrderLine[], b: readonly OrderLine[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    return (
      x.id === y.id &&
      x.lineRef === y.lineRef &&
      x.productId === y.productId &&
      x.warehouseId === y.warehouseId &&
      x.quantity.eq(y.quantity) &&
      x.uom === y.uom &&
      x.route === y.route &&
      x.requestedDate === y.requestedDate &&
      x.commitmentDate === y.commitmentDate
    );
  });
}
