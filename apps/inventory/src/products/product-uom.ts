import { InventoryInputError } from '../shared/errors.js';
import type { UomWire } from '@replenish/contracts';
import { convertQuantity, parseDecimal, type Decimal } from '../shared/quantities.js';

/** A product as inventory knows it from product.upserted: its stock UoM and every UoM of that category. */
export interface ProductUoms {
  productId: string;
  stockUom: UomWire;
  uoms: readonly UomWire[];
}

/**
 * Converts `quantity` given in `uomCode` into the product's stock UoM (rounded half-up at its step).
 * Refuses a UoM the product does not know, one outside the stock UoM's category, and a quantity that is
 * not above zero once rounded (a count of goods).
 */
export function toStockQuantity(product: ProductUoms, quantity: string, uomCode: string, field = 'quantity', allowZero = false): Decimal {
  const uom = uomCode === product.stockUom.code ? product.stockUom : product.uoms.find((u) => u.code === uomCode);
  if (!uom) {
    throw new InventoryInputError('UNKNOWN_UOM', 'uom', `UoM ${uomCode} is not a UoM of product ${product.productId} (category ${product.stockUom.category}: ${categoryCodes(product)})`);
  }
  if (uom.category !== product.stockUom.category) {
    throw new InventoryInputError('UOM_CATEGORY_MISMATCH', 'uom', `UoM ${uomCode} (category ${uom.category}) is outside product ${product.productId}'s category ${product.stockUom.category}`);
  }
  let amount: Decimal;
  try {
    amount = parseDecimal(quantity, field);
  } catch (e) {
    throw new InventoryInputError('INVALID_QUANTITY', field, (e as Error).message);
  }
  const converted = convertQuantity(amount, uom, product.stockUom);
  if (converted.isNegative() && !converted.isZero()) {
    throw new InventoryInputError('INVALID_QUANTITY', field, `${field} must not be negative, got ${quantity}`);
  }
  if (!allowZero && converted.isZero()) {
    throw new InventoryInputError('INVALID_QUANTITY', field, `${field} ${quantity} ${uomCode} is zero in the stock UoM ${product.stockUom.code} (rounding ${product.stockUom.rounding})`);
  }
  return converted;
}

function categoryCodes(product: ProductUoms): string {
  return product.uoms.filter((u) => u.category === product.stockUom.category).map((u) => u.code).join(', ');
}
