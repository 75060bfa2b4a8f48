import type { UomWire } from '@replenish/contracts';
import { convertAmount, dec, uomOf, type Decimal, type Uom } from '@replenish/domain';
import { InvalidOrderDataError } from './errors.js';
import type { LineInput } from './sales-order.js';

/** What sales-orders keeps of a product (from product.upserted on catalog.products). */
export interface ProductSnapshot {
  readonly productId: string;
  readonly active: boolean;
  readonly stockUom: UomWire;
  /** Every UoM the product may be counted in (the stock UoM's category). */
  readonly uoms: readonly UomWire[];
}

/** The product's UoM with this code, or undefined when the code is outside the product's category. */
export function productUom(product: ProductSnapshot, code: string): Uom | undefined {
  const found = product.uoms.find((u) => u.code === code) ?? (product.stockUom.code === code ? product.stockUom : undefined);
  return found && found.category === product.stockUom.category ? uomOf(found) : undefined;
}

/**
 * Checks a line against the product master data: the product is known and active, the UoM belongs to the
 * product's category, and the quantity is a whole number of the UoM's rounding step (12.5 Units is refused
 * rather than silently rounded). `field` prefixes the field names in errors, e.g. "lines.2".
 */
export function checkLineAgainstProduct(line: Pick<LineInput, 'productId' | 'uom' | 'quantity'>, product: ProductSnapshot | undefined, field: string): void {
  const at = (name: string) => (field ? `${field}.${name}` : name);
  if (!product) throw new InvalidOrderDataError(at('productId'), `unknown product ${line.productId} (no product.upserted received for it)`);
  if (!product.active) throw new InvalidOrderDataError(at('productId'), `product ${line.productId} is not active`);
  const uom = productUom(product, line.uom);
  if (!uom) {
    throw new InvalidOrderDataError(at('uom'), `UoM ${line.uom} is not in the category ${product.stockUom.category} of product ${product.productId}`);
  }
  checkOnStep(line.quantity, uom, at('quantity'));
}

export function checkOnStep(quantity: Decimal, uom: Uom, field: string): void {
  if (!quantity.mod(uom.rounding).isZero()) {
    throw new InvalidOrderDataError(field, `${quantity.toString()} is not a whole number of the rounding step ${uom.rounding.toString()} of UoM ${uom.code}`);
  }
}

/**
 * Converts a quantity (a delivery in the move's UoM) into the line's UoM, rounded half-up at the line UoM's
 * step. Undefined when either UoM is outside the product's category.
 */
export function convertForProduct(product: ProductSnapshot, quantity: Decimal, fromCode: string, toCode: string): Decimal | undefined {
  const from = productUom(product, fromCode);
  const to = productUom(product, toCode);
  if (!from || !to) return undefined;
  return convertAmount(dec(quantity), from, to);
}
