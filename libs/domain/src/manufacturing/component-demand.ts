import { NegativeQuantityError } from '../errors.js';
import { ONE, dec, nonNegativeDec, type Decimal, type DecimalInput } from '../quantity/decimal.js';
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
  return explodeBom(made, prepareBom(bom));
}

/** A BOM checked and parsed once, its lines grouped per component: componentDemand of many quantities without parsing it each time. */
export interface PreparedBom {
  readonly output: Decimal;
  /** An output of exactly one divides nothing: x / 1 is x (the product is already at the precision). */
  readonly outputIsOne: boolean;
  /** Per component, in the order of its first line: the quantities of its lines above zero. */
  readonly components: readonly { readonly productId: string; readonly uom: Uom; readonly per: readonly Decimal[] }[];
}

/** Checks and parses a BOM as componentDemand does (the same errors, in the same order). */
export function prepareBom(bom: BomInput): PreparedBom {
  const output = dec(bom.outputQuantity, 'outputQuantity');
  if (output.isZero() || output.isNegative()) throw new NegativeQuantityError('outputQuantity', `${output.toString()} (must be above zero)`);
  const byId = new Map<string, { productId: string; uom: Uom; per: Decimal[] }>();
  bom.components.forEach((c, i) => {
    const per = nonNegativeDec(c.quantity, `components[${i}].quantity`);
    let line = byId.get(c.productId);
    if (!line) byId.set(c.productId, (line = { productId: c.productId, uom: c.uom, per: [] }));
    if (!per.isZero()) line.per.push(per);
  });
  return { output, outputIsOne: output.eq(ONE), components: [...byId.values()].filter((c) => c.per.length > 0) };
}

/**
 * componentDemand of a quantity already checked (not below zero) through a prepared BOM. Comparisons with zero are
 * made by sign, not by gt(0): decimal.js copies the argument of every comparison, and the MPS explodes a BOM per
 * distinct quantity of every parent of a warehouse (bench:mps).
 */
export function explodeBom(made: Decimal, bom: PreparedBom): ComponentDemand[] {
  const out: ComponentDemand[] = [];
  if (made.isZero()) return out;
  for (const { productId, uom, per } of bom.components) {
    let amount: Decimal | undefined;
    for (const p of per) {
      const product = made.times(p);
      const line = bom.outputIsOne ? product : product.dividedBy(bom.output);
      amount = amount === undefined ? line : amount.plus(line);
    }
    const rounded = roundUpToStep(amount as Decimal, uom.rounding);
    if (!rounded.isZero()) out.push({ productId, quantity: rounded, uom });
  }
  return out;
}
