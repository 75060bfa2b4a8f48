import type { Decimal } from '../quantity/decimal.js';
import type { Uom } from '../quantity/uom.js';
import { purchaseQuantity, type PurchaseQuantity } from './purchase-quantity.js';

/**
 * A published purchase line in its product's purchase UoM (decision domain-008): converted half-up by
 * `purchaseQuantity`; kept as it is when the line is already in the purchase UoM (a make-to-order line sold in
 * it). Undefined when the product has no purchase UoM, or the line is in a unit of another category (nothing
 * to convert it into).
 */
export function purchaseLineQuantity(quantity: Decimal, uom: Uom, purchaseUom: Uom | null): PurchaseQuantity | undefined {
  if (purchaseUom === null) return undefined;
  if (uom.code === purchaseUom.code) return { quantity, uom: purchaseUom };
  if (uom.category !== purchaseUom.category) return undefined;
  return purchaseQuantity(quantity, uom, purchaseUom);
}
