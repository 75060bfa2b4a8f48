import { InvalidUomError, UomCategoryMismatchError } from '../errors.js';
import { Decimal, dec, type DecimalInput } from './decimal.js';

/**
 * A unit of measure. `factor` says how many reference units of the category one of this unit holds
 * (kg reference: g has factor 0.001, t has factor 1000). `rounding` is the smallest step a quantity in
 * this unit is kept at (1 for units, 0.001 for kg): results and comparisons are made at that step.
 */
export interface Uom {
  readonly code: string;
  readonly category: string;
  readonly factor: Decimal;
  readonly rounding: Decimal;
}

export interface UomDefinition {
  code: string;
  category: string;
  factor?: DecimalInput;
  rounding?: DecimalInput;
}

/** Builds a UoM, refusing a factor or rounding step that is not above zero (they would divide by zero). */
export function defineUom(definition: UomDefinition): Uom {
  const factor = dec(definition.factor ?? '1', `factor of UoM ${definition.code}`);
  const rounding = dec(definition.rounding ?? '1', `rounding of UoM ${definition.code}`);
  if (!factor.gt(0)) throw new InvalidUomError(definition.code, 'factor must be above zero');
  if (!rounding.gt(0)) throw new InvalidUomError(definition.code, 'rounding step must be above zero');
  return Object.freeze({ code: definition.code, category: definition.category, factor, rounding });
}

const known = new Map<string, Uom>();
/** A catalog has a few dozen units; the bound only keeps a stream of odd definitions from growing the map forever. */
const KNOWN_MAX = 10_000;

/**
 * The one way from a UoM as events and tables carry it (decimal strings, the contracts' `UomWire`) to a Uom:
 * defineUom, memoised by the definition's four values, because the move path converts every move and the same
 * few units come again and again (an equal Uom is then the same object, which convertAmount's fast path sees).
 */
export function uomOf(definition: { code: string; category: string; factor: string; rounding: string }): Uom {
  const key = `${definition.code}|${definition.category}|${definition.factor}|${definition.rounding}`;
  let uom = known.get(key);
  if (!uom) {
    if (known.size > KNOWN_MAX) known.clear();
    uom = defineUom(definition);
    known.set(key, uom);
  }
  return uom;
}

/**
 * The one fallback, for a quantity whose unit is known only by its code (a draft line or sales line of a
 * product whose definition the service has not received): its own category, so it converts into no other
 * unit (a conversion would invent a factor), factor 1 and rounding step 1, the step of goods counted in
 * pieces, so nothing is rounded to a fraction the real unit may not allow.
 */
export function uomOfCode(code: string): Uom {
  return uomOf({ code, category: code, factor: '1', rounding: '1' });
}

/** Throws unless both units measure the same thing. */
export function assertSameCategory(from: Uom, to: Uom): void {
  if (from.category !== to.category) throw new UomCategoryMismatchError(from.code, to.code);
}

/**
 * Rounds half-up to the unit's step (0.0005 kg at step 0.001 gives 0.001). Half-up, not banker's rounding,
 * because that is what docs/semantics.md, "Quantities and units" prescribes for conversions into the purchase UoM.
 */
export function roundToStep(amount: Decimal, step: Decimal): Decimal {
  return amount.toNearest(step, Decimal.ROUND_HALF_UP);
}

/** Rounds up (away from zero for positives) to a whole number of `step`: never orders less than needed. */
export function roundUpToStep(amount: Decimal, step: Decimal): Decimal {
  // Fast path: a step of 1, 0.1, 0.01... leaves alone an amount with no more decimals than the step.
  if (isPowerOfTenStep(step) && amount.decimalPlaces() <= step.decimalPlaces()) return amount;
  return amount.toNearest(step, Decimal.ROUND_CEIL);
}

/**
 * A positive amount rounded up to a whole number of `multiple` (> 0). Integer division and a remainder
 * check are cheaper in decimal.js than toNearest, and this runs once per rule evaluation.
 */
export function roundUpToMultiple(amount: Decimal, multiple: Decimal): Decimal {
  if (amount.lte(multiple)) return amount.gt(0) ? multiple : amount.toNearest(multiple, Decimal.ROUND_CEIL);
  const whole = amount.dividedToIntegerBy(multiple).times(multiple);
  return whole.eq(amount) ? whole : amount.gt(0) ? whole.plus(multiple) : whole;
}

const powerOfTen = new WeakMap<Decimal, boolean>();

/** True for steps 1, 0.1, 0.01... (memoised per step instance: UoMs are long-lived values). */
function isPowerOfTenStep(step: Decimal): boolean {
  let known = powerOfTen.get(step);
  if (known === undefined) {
    known = step.lte(1) && /^(1|0\.0*1)$/.test(step.toString());
    powerOfTen.set(step, known);
  }
  return known;
}

/**
 * Converts an amount between two units of one category, rounded half-up at the target unit's step.
 * The multiplication and division run at 100 significant digits before the single final rounding, so a
 * chain g -> kg -> t does not accumulate rounding error.
 */
export function convertAmount(amount: Decimal, from: Uom, to: Uom): Decimal {
  assertSameCategory(from, to);
  if (from === to || (from.factor.eq(to.factor) && from.rounding.eq(to.rounding))) return roundToStep(amount, to.rounding);
  return roundToStep(amount.times(from.factor).dividedBy(to.factor), to.rounding);
}

/** Converts without the final rounding: for intermediate sums that are rounded once at the end. */
export function convertAmountExact(amount: Decimal, from: Uom, to: Uom): Decimal {
  assertSameCategory(from, to);
  if (from.factor.eq(to.factor)) return amount;
  return amount.times(from.factor).dividedBy(to.factor);
}

/**
 * Compares two amounts at the unit's precision: the difference is rounded half-up to the step first, as
 * Odoo's float_compare does, so 9.9996 kg equals 10 kg at step 0.001. Returns -1, 0 or 1.
 */
export function compareAtStep(a: Decimal, b: Decimal, step: Decimal): -1 | 0 | 1 {
  // Half-up rounding of the difference gives 0 exactly when -step/2 < diff < step/2, so comparing twice
  // the difference with the step gives the same answer without a division (this is on the hot path).
  const twice = a.minus(b).times(2);
  if (twice.gte(step)) return 1;
  return twice.neg().gte(step) ? -1 : 0;
}
