import { InvalidRuleError } from '../errors.js';
import { addDays, type IsoDate } from '../dates/iso-date.js';
import { Decimal } from '../quantity/decimal.js';
import type { ProductSite, ReorderQuantityCode, SplittingCode } from './reorder-policy.js';

/**
 * Reorder quantity for a net requirement R > 0 (docs/semantics.md, "Reorder policies", step 3):
 * - net: R;
 * - minimumWithoutRounding: max(R, economic lot);
 * - minimumWithRounding: max(R, economic lot) rounded up to a whole number of technical lots
 *   (no rounding when the technical lot is 0).
 */
export function reorderQuantity(requirement: Decimal, code: ReorderQuantityCode, site: Pick<ProductSite, 'economicLot' | 'technicalLot'>): Decimal {
  if (code === 'net') return requirement;
  const atLeastEconomic = requirement.gte(site.economicLot) ? requirement : site.economicLot;
  if (code === 'minimumWithoutRounding' || site.technicalLot.isZero()) return atLeastEconomic;
  return atLeastEconomic.toNearest(site.technicalLot, Decimal.ROUND_CEIL);
}

/** The most lots one suggestion may be split into. */
export const MAX_LOTS = 10_000;

/** One lot of a split suggestion. */
export interface Lot {
  readonly quantity: Decimal;
  readonly dueDate: IsoDate;
}

/**
 * Splits a quantity into technical lots plus one remainder lot (step 4). Parallel: all due on `dueDate`.
 * Successive: the same lots one after another, the last due on `dueDate` and each earlier one `lotLeadDays`
 * before the next (docs/decisions/domain-002). Full lots come first and the remainder last, as in the
 * document's table ("4 suggestions for 100 + 1 suggestion for 50").
 */
export function splitLots(quantity: Decimal, splitting: SplittingCode, site: Pick<ProductSite, 'technicalLot' | 'lotLeadDays'>, dueDate: IsoDate): Lot[] {
  if (!quantity.gt(0)) return [];
  if (splitting === 'none' || site.technicalLot.isZero() || quantity.lte(site.technicalLot)) return [{ quantity, dueDate }];
  const fullLots = quantity.dividedToIntegerBy(site.technicalLot);
  // A technical lot tiny against the quantity would make millions of suggestions: refuse it loudly.
  if (fullLots.gte(MAX_LOTS)) throw new InvalidRuleError(`splitting ${quantity.toString()} into technical lots of ${site.technicalLot.toString()} exceeds ${MAX_LOTS} lots`);
  const full = fullLots.toNumber();
  const remainder = quantity.minus(site.technicalLot.times(full));
  const n = full + (remainder.isZero() ? 0 : 1);
  const lots: Lot[] = new Array<Lot>(n);
  for (let i = 0; i < n; i++) {
    const q = i < full ? site.technicalLot : remainder;
    const d = splitting === 'parallel' || site.lotLeadDays === 0 ? dueDate : addDays(dueDate, -(n - 1 - i) * site.lotLeadDays);
    lots[i] = { quantity: q, dueDate: d };
  }
  return lots;
}
