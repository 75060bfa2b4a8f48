import type { ProductUomsRow } from '../../catalog/index.js';
import { purchaseLineQuantity, uomOf, type Decimal, type Uom } from '../../shared/domain.js';
import type { DraftBom } from './draft-bom.js';

/**
 * What a published line carries beyond the draft itself: a manufacturing line's components (planning-009) and a
 * purchase line's quantity in the purchase UoM (domain-008). Loaded once per publish.
 */
export interface LineTerms {
  bom?: DraftBom | null;
  /** Per product of a purchase draft: its stock and purchase UoMs. */
  purchaseUoms?: Map<string, ProductUomsRow>;
}

/**
 * `purchaseQuantity` and `purchaseUom` of a purchase line whose product has a purchase UoM (libs/domain's
 * purchaseLineQuantity: converted half-up, kept when already in it); nothing otherwise.
 */
export function purchaseTermsOf(terms: LineTerms, productId: string, quantity: Decimal, uom: Uom): { purchaseQuantity: string; purchaseUom: string } | Record<string, never> {
  const json = terms.purchaseUoms?.get(productId)?.purchaseUom;
  const inPurchaseUom = purchaseLineQuantity(quantity, uom, json ? uomOf(json) : null);
  return inPurchaseUom ? { purchaseQuantity: inPurchaseUom.quantity.toString(), purchaseUom: inPurchaseUom.uom.code } : {};
}
