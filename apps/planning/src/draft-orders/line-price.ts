import type { ProductUomsRow, SupplierInfoRow } from '../catalog/index.js';
import { Decimal } from '../shared/domain.js';

/** A purchase line's unit price and the UoM it is per (decision planning-024). */
export interface LinePrice {
  unitPrice: string;
  priceUom: string;
}

/** Scale of a line amount: that of prices (PRICE_BOUND), half-up. */
const AMOUNT_SCALE = 6;

/**
 * The price of a purchase line after a change (raised, topped up or shrunk): the draft vendor's supplier info price
 * as it is now, per the product's purchase UoM when it has one, else per its stock UoM (as the minimum quantity,
 * decision domain-008), written as the catalog has it (2.50 stays 2.50). Without that supplier info (deleted since) the line keeps the price it had, as Odoo keeps a
 * purchase line's price when no seller matches; a line that never had one has none.
 */
export function priceAfterChange(info: Pick<SupplierInfoRow, 'price'> | undefined, uoms: ProductUomsRow | undefined, previous: LinePrice | undefined): LinePrice | undefined {
  if (!info || !uoms) return previous;
  return { unitPrice: info.price, priceUom: (uoms.purchaseUom ?? uoms.stockUom).code };
}

/**
 * unitPrice x the line's quantity in the price's UoM (the purchase quantity when the price is per the purchase UoM,
 * else the stock quantity), half-up at the price scale; undefined when the line is in neither of those UoMs (the
 * product's purchase UoM changed since the price was taken) or has no price.
 */
export function lineAmount(line: { quantity: string; uom: string; purchaseQuantity?: string; purchaseUom?: string; unitPrice?: string; priceUom?: string }): string | undefined {
  if (line.unitPrice === undefined) return undefined;
  const quantity = line.priceUom === line.purchaseUom ? line.purchaseQuantity : line.priceUom === line.uom ? line.quantity : undefined;
  return quantity === undefined ? undefined : new Decimal(quantity).times(line.unitPrice).toDecimalPlaces(AMOUNT_SCALE).toString();
}

/** The line with its `amount` (`lineAmount`) when it has one. */
export function withAmount<L extends Parameters<typeof lineAmount>[0]>(line: L): L & { amount?: string } {
  const amount = lineAmount(line);
  return amount === undefined ? line : { ...line, amount };
}
