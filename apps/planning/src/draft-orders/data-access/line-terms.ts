import { type ProductUomsRow, uomOf } from '../../catalog/index.js';
import { purchaseQuantity, type Decimal, type Uom } from '../../shared/domain.js';
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
 * `purchaseQuantity` and `purchaseUom` of a purchase line whose product has a purchase UoM, converted half-up
 * (docs/semantics.md, "Quantities and units"); nothing for a line already in the
 * purchase UoM (a make-to-order line sold in it) or in a unit of another category.
 */
export function purchaseTermsOf(terms: LineTerms, productId: string, quantity: Decimal, uom: Uom): { purchaseQuantity: string; purchaseUom: string } | Record<string, never> {
  const json = terms.purchaseUoms?.get(productId)?.purchaseUom;
  if (!json) return {};
  const purchaseUom = uomOf(json);
  if (uom.code === purchaseUom.code) return { purchaseQuantity: quantity.toString(), purchaseUom: purchaseUom.code };
  if (uom.category !== purchaseUom.category) return {};
  const r = purchaseQuantity(quantity, uom, purchaseUom);
  return { purchaseQuantity: r.quantity.toString(), purchaseUom: r.uom.code };
}
