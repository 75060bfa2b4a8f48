import type { ProductUomsRow } from '../../catalog/index.js';
import { purchaseLineQuantity, uomOf, type Decimal, type Uom } from '../../shared/domain.js';
import type { LinePrice } from '../line-price.js';
import type { DraftBom } from './draft-bom.js';

/**
 * What a published line carries beyond the draft itself: a manufacturing line's components (planning-009) and a
 * purchase line's quantity in the purchase UoM (domain-008). Loaded once per publish.
 */
export interface LineTerms {
  bom?: DraftBom | null;
  /** Per product of a purchase draft: its stock and purchase UoMs. */
  purchaseUoms?: Map<string, ProductUomsRow>;
  /** Per product of a purchase draft's priced lines: the price stored with the line (decision planning-024). */
  prices?: Map<string, LinePrice>;
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

/** `unitPrice` and `priceUom` of a purchase line priced when it last changed (decision planning-024); nothing otherwise. */
export function priceTermsOf(terms: LineTerms, productId: string): LinePrice | Record<string, never> {
  const price = terms.prices?.get(productId);
  return price ? { unitPrice: price.unitPrice, priceUom: price.priceUom } : {};
}
