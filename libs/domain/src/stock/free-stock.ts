import type { IsoDate } from '../dates/iso-date.js';
import { Decimal, dec, type DecimalInput } from '../quantity/decimal.js';

type Dated = { readonly date: IsoDate; readonly quantity: DecimalInput };

export interface FreeStockInput {
  readonly onHand: DecimalInput;
  /** Every planned outgoing: sales deliveries, component consumption, transfers out (dated). */
  readonly outgoing: readonly Dated[];
  /**
   * Supply pegged to make-to-order demand (the MTO quantities of open drafts), dated at their sales line's
   * delivery date: the date on which that line's demand is outgoing.
   */
  readonly mtoSupply?: readonly Dated[];
  /** Undated outgoing (open transfers out, counted whole). */
  readonly undatedOutgoing?: DecimalInput;
}

/**
 * Free stock for "take from stock first" (docs/semantics.md, "Make to order"; decision planning-002): on hand minus what is
 * already promised and not covered by supply of its own:
 *
 *   free = on hand - sum over dates d of max(0, outgoing(d) - mtoSupply(d)) - undated outgoing
 *
 * An MTO line's demand and the draft raised for it cancel out (docs/semantics.md, "Stock position and forecast"), so that demand does not
 * take stock. The supply only covers demand on its own date, never more than is outgoing there: if the line's
 * demand is not in the outgoing yet, its supply cannot hide other demand on other dates (conservative: it can
 * order where stock might just have covered the line, never the reverse). Dates with no outgoing count nothing.
 */
export function freeStock(input: FreeStockInput): Decimal {
  const net = new Map<IsoDate, Decimal>();
  for (const m of input.outgoing) net.set(m.date, (net.get(m.date) ?? new Decimal(0)).plus(dec(m.quantity, 'outgoing.quantity')));
  for (const s of input.mtoSupply ?? []) {
    const out = net.get(s.date);
    if (out !== undefined) net.set(s.date, out.minus(dec(s.quantity, 'mtoSupply.quantity')));
  }
  let free = dec(input.onHand, 'onHand').minus(dec(input.undatedOutgoing ?? '0', 'undatedOutgoing'));
  for (const uncovered of net.values()) if (uncovered.gt(0)) free = free.minus(uncovered);
  return free;
}
