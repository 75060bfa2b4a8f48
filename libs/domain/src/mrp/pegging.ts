import type { IsoDate } from '../dates/iso-date.js';
import { Decimal } from '../quantity/decimal.js';
import type { MrpPeg } from './mrp-types.js';

/** A supply to peg: stock, a receipt, a by-product output or a suggestion, with the part of it that reaches stock. */
export interface PegSupply {
  readonly id: string;
  readonly date: IsoDate;
  /** Sort rank among supplies of one date: stock, receipts, by-products, suggestions. */
  readonly rank: number;
  /** What reaches stock (after the expected loss). */
  readonly usable: Decimal;
  /** Pegs fixed in advance (the shrinkage loss); the rest is pegged by `pegSupplies`. */
  readonly pegs: MrpPeg[];
}

/** A need to cover. */
export interface PegNeed {
  readonly type: 'demand' | 'requirement' | 'safetyStock' | 'backlog';
  readonly id: string | null;
  /** Clamped to the run date: a past-due need is due now. */
  readonly date: IsoDate;
  /** Order among needs of one date: backlog, safety stock, the rest. */
  readonly rank: number;
  readonly quantity: Decimal;
  /** `quantity` as a decimal string when the caller has it already (a peg taking the whole need reuses it). */
  readonly shown: string | null;
}

const bySupplyOrder = (a: PegSupply, b: PegSupply): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.rank - b.rank);

/**
 * First in, first out (decision domain-010): needs in date order take the supplies in date order, the earliest
 * supply first, whatever is left of a supply is its surplus. Netting put every supply where the cumulated needs
 * call for it, so a need is pegged to supplies due on or before it, except what the policy leaves uncovered (no
 * processing, MRP pegging only, a firm order too late). Each supply's pegs add up to its quantity; a need may be
 * left partly unpegged. `needs` come in order (by date, then rank); `supplies` are sorted here by date and rank
 * (stable: ties keep their given order, which the callers make deterministic).
 */
export function pegSupplies(supplies: PegSupply[], needs: PegNeed[]): void {
  supplies.sort(bySupplyOrder);
  let s = 0;
  let left = supplies.length > 0 ? (supplies[0] as PegSupply).usable : ZERO;
  for (const need of needs) {
    let open = need.quantity;
    let whole = true;
    while (s < supplies.length && above(open)) {
      if (!above(left)) {
        s++;
        left = s < supplies.length ? (supplies[s] as PegSupply).usable : ZERO;
        continue;
      }
      // One comparison and one subtraction a peg: decimal.js allocates on every operation.
      const pegs = (supplies[s] as PegSupply).pegs;
      if (left.gte(open)) {
        pegs.push({ type: need.type, id: need.id, date: need.date, quantity: whole && need.shown !== null ? need.shown : open.toString() });
        left = left.minus(open);
        open = ZERO;
      } else {
        pegs.push({ type: need.type, id: need.id, date: need.date, quantity: left.toString() });
        open = open.minus(left);
        left = ZERO;
        whole = false;
      }
    }
  }
  for (let k = s; k < supplies.length; k++) {
    const supply = supplies[k] as PegSupply;
    const rest = k === s ? left : supply.usable;
    if (above(rest)) supply.pegs.push({ type: 'surplus', id: null, date: supply.date, quantity: rest.toString() });
  }
}

const ZERO = new Decimal(0);

/** x > 0 without the Decimal that `x.gt(0)` allocates for its 0. */
function above(x: Decimal): boolean {
  return x.isPositive() && !x.isZero();
}
