import { nonNegativeDec, type Decimal } from '../quantity/decimal.js';
import { convertAmount, type Uom } from '../quantity/uom.js';

/** A quantity as the purchasing system receives it: the amount and the unit it is counted in. */
export interface PurchaseQuantity {
  readonly quantity: Decimal;
  readonly uom: Uom;
}

/**
 * The quantity of a purchase draft line in the unit the vendor is ordered in (decision domain-008).
 *
 * Draft lines are kept in the product's stock UoM, the unit planning nets in. A product with a purchase
 * UoM is bought in that unit: the line quantity is converted into it and rounded half-up at its step, as
 * docs/semantics.md, "Quantities and units" prescribes and as Odoo 17 fills
 * a purchase order line (`_compute_quantity(..., uom_po_id, rounding_method='HALF-UP')`). 30 Units are
 * 2.5 Dozens and become 3 Dozens; 40 Units (3.33 Dozens) become 3 Dozens, so the purchase quantity may be
 * up to half a purchase step below or above the stock quantity.
 *
 * Without a purchase UoM the quantity is returned unchanged, in the stock UoM. Throws
 * UomCategoryMismatchError when the two units measure different things, NegativeQuantityError for a
 * negative quantity (a line never counts less than nothing).
 */
export function purchaseQuantity(quantity: Decimal, stockUom: Uom, purchaseUom: Uom | null): PurchaseQuantity {
  const amount = nonNegativeDec(quantity, 'quantity');
  if (purchaseUom === null) return { quantity: amount, uom: stockUom };
  return { quantity: convertAmount(amount, stockUom, purchaseUom), uom: purchaseUom };
}
