import type { IsoDate } from '../dates/iso-date.js';
import { Decimal, nonNegativeDec, type DecimalInput } from '../quantity/decimal.js';
import type { DatedQuantity } from '../stock/stock-position.js';
import { show, type ExplanationStep } from './explanation.js';

/**
 * Late supply a position left out (inventory's INVENTORY_LATE_SUPPLY=ignore, decision inventory-004): the remaining
 * quantity of receipts past their date and not received, and the earliest of their dates. It changes no quantity of a
 * decision; it only explains it.
 */
export interface LateSupplyNotCounted {
  readonly quantity: DecimalInput;
  readonly since: IsoDate;
}

/**
 * Supply dated before today and not received yet (a late receipt) that the position still counts as incoming: inventory
 * keeps it with INVENTORY_LATE_SUPPLY=count and drops it with `ignore` (decision inventory-004), so a planner reading
 * an evaluation sees whether late supply kept a rule from ordering. Undefined when there is none.
 */
export function lateSupplyStep(incoming: readonly DatedQuantity[], today: IsoDate): ExplanationStep | undefined {
  let quantity = new Decimal(0);
  let since: IsoDate | undefined;
  for (const m of incoming) {
    if (m.date >= today) continue;
    quantity = quantity.plus(m.quantity);
    if (since === undefined || m.date < since) since = m.date;
  }
  return since === undefined || quantity.isZero() ? undefined : { code: 'late-supply', quantity, since };
}

/** The late supply the position left out, so a planner sees why a rule orders although receipts are still expected. */
export function lateSupplyNotCountedStep(left: LateSupplyNotCounted | undefined): ExplanationStep | undefined {
  if (left === undefined) return undefined;
  const quantity = nonNegativeDec(left.quantity, 'lateSupplyNotCounted.quantity');
  return quantity.isZero() ? undefined : { code: 'late-supply-not-counted', quantity, since: left.since };
}

export const renderLateSupply = (s: ExplanationStep): string =>
  `${show(s['quantity'])} of supply past its date still counted (planned for ${show(s['since'])} at the earliest)`;

export const renderLateSupplyNotCounted = (s: ExplanationStep): string =>
  `${show(s['quantity'])} of supply past its date not counted (planned for ${show(s['since'])} at the earliest, INVENTORY_LATE_SUPPLY=ignore)`;
