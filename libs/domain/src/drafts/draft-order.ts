import type { IsoDate } from '../dates/iso-date.js';
import type { Decimal } from '../quantity/decimal.js';
import type { Uom } from '../quantity/uom.js';

export type DraftOrderType = 'purchase' | 'manufacturing' | 'transfer';
export type DraftState = 'draft' | 'confirmed' | 'cancelled';

/**
 * At most one open draft exists per key (the database enforces it). `sourceId` is the vendor for a
 * purchase, the BOM for a manufacturing order, the source warehouse for a transfer.
 */
export interface TopUpKey {
  readonly type: DraftOrderType;
  readonly sourceId: string;
  readonly destinationWarehouseId: string;
}

/** Why a quantity is on a line: a rule, a sales order line (MTO), an MPS period, a planner by hand, or an MRP suggestion firmed. */
export type OriginKind = 'rule' | 'salesOrderLine' | 'mps' | 'manual' | 'mrp';

/** One contribution to a line: how much, for whom, and the event that caused it. */
export interface Origin {
  readonly kind: OriginKind;
  /** Rule id, sales order line id, MPS period id, MRP suggestion id... */
  readonly id: string;
  readonly quantity: Decimal;
  /** The sales order, for MTO origins: the over-order exception names it. */
  readonly salesOrderId?: string;
  /** The event whose handling added this quantity. */
  readonly eventId?: string;
}

export interface DraftLine {
  readonly productId: string;
  /** Always the sum of the origins' quantities. */
  readonly quantity: Decimal;
  readonly uom: Uom;
  readonly plannedDate: IsoDate;
  readonly origins: readonly Origin[];
}

/** A draft order as a value: every change returns a new one with `version` one higher. */
export interface DraftOrder {
  readonly id?: string;
  readonly key: TopUpKey;
  readonly state: DraftState;
  readonly version: number;
  readonly lines: readonly DraftLine[];
}

/** A need for goods that lands on the draft of its key. */
export interface Need {
  readonly key: TopUpKey;
  readonly productId: string;
  readonly quantity: Decimal;
  readonly uom: Uom;
  readonly plannedDate: IsoDate;
  readonly origin: Omit<Origin, 'quantity'>;
}

/** The key as one string, e.g. for maps and for the database's unique index. */
export function topUpKeyString(key: TopUpKey): string {
  return `${key.type}|${key.sourceId}|${key.destinationWarehouseId}`;
}

export function sameTopUpKey(a: TopUpKey, b: TopUpKey): boolean {
  return a.type === b.type && a.sourceId === b.sourceId && a.destinationWarehouseId === b.destinationWarehouseId;
}

/** The draft type a route raises: buy -> purchase, manufacture -> manufacturing, resupply -> transfer. */
export function draftTypeForRoute(route: 'buy' | 'manufacture' | 'resupply'): DraftOrderType {
  return route === 'buy' ? 'purchase' : route === 'manufacture' ? 'manufacturing' : 'transfer';
}
