import { NegativeQuantityError } from '../errors.js';
import { Decimal, dec, nonNegativeDec, type DecimalInput } from '../quantity/decimal.js';
import { roundUpToStep, type Uom } from '../quantity/uom.js';

/** One component line of a BOM: `quantity` of the component, in its stock UoM, per `outputQuantity` of the product. */
export interface BomComponentInput {
  readonly productId: string;
  readonly quantity: DecimalInput;
  /** The component's stock UoM (its rounding step rounds the demand). */
  readonly uom: Uom;
}

export interface BomInput {
  /** How much of the finished product one run of the BOM makes, in the product's stock UoM (above zero). */
  readonly outputQuantity: DecimalInput;
  readonly components: readonly BomComponentInput[];
}

/** What a manufacturing order consumes of one component, in the component's stock UoM. */
export interface ComponentDemand {
  readonly productId: string;
  readonly quantity: Decimal;
  readonly uom: Uom;
}

/**
 * The components a manufacturing order of `quantity` (the finished product, in its stock UoM) consumes
 * (docs/semantics.md, "Stock position and forecast": component consumption is outgoing; decision planning-009):
 * quantity x component quantity / BOM output quantity, rounded UP at the component UoM's step, as Odoo 17's
 * `bom.explode` (`_compute_quantity(..., rounding_method='UP')`): a plan never consumes less than the order needs.
 *
 * A component listed on several BOM lines gets one entry, its lines summed before the single rounding, in the
 * order of its first line. Components that consume nothing (zero quantity) are left out. Throws
 * NegativeQuantityError for a negative order or component quantity, and for an output quantity that is not above
 * zero (it would divide by zero).
 */
export function componentDemand(quantity: DecimalInput, bom: BomInput): ComponentDemand[] {
  const made = nonNegativeDec(quantity, 'quantity');
  const output = dec(bom.outputQuantity, 'outputQuantity');
  if (!output.gt(0)) throw new NegativeQuantityError('outputQuantity', `${output.toString()} (must be above zero)`);
  const exact = new Map<string, { amount: Decimal; uom: Uom }>();
  bom.components.forEach((c, i) => {
    const per = nonNegativeDec(c.quantity, `components[${i}].quantity`);
    const seen = exact.get(c.productId);
    const amount = made.times(per).dividedBy(output);
    if (seen) seen.amount = seen.amount.plus(amount);
    else exact.set(c.productId, { amount, uom: c.uom });
  });
  const out: ComponentDemand[] = [];
  for (const [productId, { amount, uom }] of exact) {
    const rounded = roundUpToStep(amount, uom.rounding);
    if (rounded.gt(0)) out.push({ productId, quantity: rounded, uom });
  }
  return out;
}
