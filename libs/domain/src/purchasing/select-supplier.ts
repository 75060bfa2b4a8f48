import { assertIsoDate, type IsoDate } from '../dates/iso-date.js';
import { dec, nonNegativeDec, type Decimal } from '../quantity/decimal.js';
import { compareAtStep, type Uom } from '../quantity/uom.js';
import { purchaseQuantity } from './purchase-quantity.js';

/** What selectSupplier needs of a vendor's supplier info for a product (callers may pass richer rows). */
export interface SupplierInfo {
  readonly vendorId: string;
  /** Lower is preferred. */
  readonly sequence: number;
  /**
   * The least the vendor sells in one order line, in the product's purchase UoM when it has one, else in
   * its stock UoM (Odoo keeps `min_qty` in the supplier info's UoM, the product's purchase UoM).
   */
  readonly minQty: Decimal;
  readonly price: Decimal;
  /** First day the info is valid (inclusive); absent or null: no start. */
  readonly dateStart?: IsoDate | null;
  /** Last day the info is valid (inclusive); absent or null: no end. */
  readonly dateEnd?: IsoDate | null;
}

export interface SupplierQuery {
  /**
   * The quantity ordered, in `uom`. Absent or null (Odoo's `quantity=None`): no minimum is checked, which
   * is how lead days are computed before any quantity is known.
   */
  readonly quantity?: Decimal | null;
  /** The unit of `quantity` (the product's stock UoM). Absent: `quantity` is already in the unit of minQty. */
  readonly uom?: Uom;
  /**
   * The product's purchase UoM, the unit of minQty; null or absent when the product has none (minQty is
   * then in `uom`). With both units, `quantity` is converted into the purchase UoM half-up at its step
   * (purchaseQuantity: what the line will say to the vendor) before it is compared.
   */
  readonly purchaseUom?: Uom | null;
  /** The rule's (or the caller's) vendor: chosen whatever the quantity and date, as Odoo's orderpoint supplier. */
  readonly preferredVendorId?: string | null;
  /** The day the order is for: infos not valid on it are skipped (except by the fallback). Absent: no date check. */
  readonly date?: IsoDate;
}

/**
 * Why a supplier was chosen: `preferred` (the preferred vendor), `minimum-met` (the first by sequence whose
 * minimum the quantity meets), `no-quantity` (no quantity given: the first by sequence valid on the date),
 * `fallback` (no info qualifies: the first by sequence, ignoring minimums and dates).
 */
export type SupplierSelectionReason = 'preferred' | 'minimum-met' | 'no-quantity' | 'fallback';

export interface SupplierSelection<T extends SupplierInfo> {
  readonly supplier: T;
  readonly reason: SupplierSelectionReason;
  /** The quantity compared with the minimums, in their unit; null when none was given. */
  readonly comparedQuantity: Decimal | null;
}

/**
 * Chooses the vendor's supplier info for a purchase (decision domain-008), as Odoo 17 does in
 * purchase_stock's `_run_buy` with product's `_select_seller`:
 * 1. a preferred vendor, when given, is chosen whatever the quantity and the date (null when it has no
 *    info for the product);
 * 2. otherwise the infos are taken in order of sequence (then price, then vendor id), and the first valid
 *    on `date` whose minimum the quantity meets is chosen; the quantity meets the minimum when it is not
 *    below it at the step of the minimum's unit (compareAtStep, as Odoo's float_compare). Without a
 *    quantity, the first valid on `date`;
 * 3. when none qualifies, the first by sequence, minimums and dates ignored (Odoo's fallback "not ideal,
 *    but better than blocking the user"). Null only when there is no info at all.
 * If one vendor has several infos (price breaks), the cheapest of its qualifying infos is chosen, as Odoo
 * does among the first qualifying vendor's lines.
 */
export function selectSupplier<T extends SupplierInfo>(infos: readonly T[], query: SupplierQuery = {}): SupplierSelection<T> | null {
  if (query.date !== undefined) assertIsoDate(query.date, 'date');
  const compared = comparedQuantity(query);

  if (query.preferredVendorId !== undefined && query.preferredVendorId !== null) {
    const own = infos.filter((i) => i.vendorId === query.preferredVendorId);
    const chosen = choose(own, query.date, compared);
    return chosen ? { supplier: chosen.supplier, reason: 'preferred', comparedQuantity: compared?.amount ?? null } : null;
  }
  const chosen = choose(infos, query.date, compared);
  return chosen ? { ...chosen, comparedQuantity: compared?.amount ?? null } : null;
}

interface Compared {
  readonly amount: Decimal;
  /** The step of minQty's unit; null when no unit was given (an exact comparison). */
  readonly step: Decimal | null;
}

/** The quantity in the unit of the minimums, or null when none was given. */
function comparedQuantity(query: SupplierQuery): Compared | null {
  if (query.quantity === undefined || query.quantity === null) return null;
  const amount = nonNegativeDec(query.quantity, 'quantity');
  const purchaseUom = query.purchaseUom ?? null;
  if (query.uom !== undefined && purchaseUom !== null) {
    return { amount: purchaseQuantity(amount, query.uom, purchaseUom).quantity, step: purchaseUom.rounding };
  }
  return { amount, step: (purchaseUom ?? query.uom)?.rounding ?? null };
}

function choose<T extends SupplierInfo>(infos: readonly T[], date: IsoDate | undefined, compared: Compared | null): { supplier: T; reason: Exclude<SupplierSelectionReason, 'preferred'> } | null {
  if (infos.length === 0) return null;
  const ordered = [...infos].sort(bySequence);
  const qualifies = (i: T): boolean => validOn(i, date) && (compared === null || meetsMinimum(compared, i.minQty));
  const first = ordered.find(qualifies);
  if (first === undefined) return { supplier: ordered[0] as T, reason: 'fallback' };
  // Odoo keeps the first qualifying vendor's qualifying lines and takes the cheapest (price breaks).
  let supplier = first;
  for (const i of ordered) {
    if (i.vendorId === first.vendorId && dec(i.price, 'price').lt(dec(supplier.price, 'price')) && qualifies(i)) supplier = i;
  }
  return { supplier, reason: compared === null ? 'no-quantity' : 'minimum-met' };
}

/** Sequence, then price, then vendor id: a total order, so the choice never depends on the input order. */
function bySequence(a: SupplierInfo, b: SupplierInfo): number {
  if (a.sequence !== b.sequence) return a.sequence - b.sequence;
  const price = dec(a.price, 'price').comparedTo(dec(b.price, 'price'));
  if (price !== 0) return price;
  return a.vendorId < b.vendorId ? -1 : a.vendorId > b.vendorId ? 1 : 0;
}

function validOn(info: SupplierInfo, date: IsoDate | undefined): boolean {
  if (date === undefined) return true;
  if (info.dateStart && info.dateStart > date) return false;
  return !(info.dateEnd && info.dateEnd < date);
}

function meetsMinimum(compared: Compared, minQty: Decimal): boolean {
  const minimum = dec(minQty, 'minQty');
  return compared.step === null ? compared.amount.gte(minimum) : compareAtStep(compared.amount, minimum, compared.step) >= 0;
}
