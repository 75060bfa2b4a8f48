import type { IsoDate } from '../dates/iso-date.js';
import { Decimal } from '../quantity/decimal.js';
import type { DatedQuantity } from '../stock/stock-position.js';
import { show, type ExplanationStep } from './explanation.js';

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

export const renderLateSupply = (s: ExplanationStep): string =>
  `${show(s['quantity'])} of supply past its date still counted (planned for ${show(s['since'])} at the earliest)`;
