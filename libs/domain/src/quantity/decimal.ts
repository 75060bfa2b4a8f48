import { Decimal as BaseDecimal } from 'decimal.js';
import { InvalidQuantityError, NegativeQuantityError } from '../errors.js';

/**
 * The one Decimal constructor the domain computes with.
 *
 * decimal.js rounds every result to `precision` significant digits (20 by default), so a quantity such as
 * 123456789012345678.000000001 would silently lose its tail on the first addition. A private clone with
 * 100 significant digits keeps every realistic quantity exact without touching the global decimal.js
 * configuration that other packages may rely on. toExpNeg/toExpPos keep toString() in plain decimal
 * notation (never "1e-7"), which is what events and PostgreSQL `numeric` expect.
 */
export const Decimal = BaseDecimal.clone({
  precision: 100,
  rounding: BaseDecimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Decimal = BaseDecimal;

/** What the domain accepts where a quantity is expected. Numbers are accepted only when finite. */
export type DecimalInput = string | number | BaseDecimal;

/** A decimal string as events carry it: optional minus, digits, optional fraction. No exponent, no blanks. */
const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;

export const ZERO: Decimal = new Decimal(0);
export const ONE: Decimal = new Decimal(1);
export const HUNDRED: Decimal = new Decimal(100);

/**
 * The Decimal of each text `dec` parsed, shared: the one place a quantity text becomes a Decimal once per process
 * rather than once per use. A sweep evaluates tens of thousands of rules and positions whose quantities are a few
 * texts ('0', '1', a minimum); an MRP run's input (decision domain-010) repeats few quantities (sales lines, lots,
 * on hand, unit steps, BOM outputs) over hundreds of thousands of objects, and a Decimal with its digits is about
 * 200 bytes: sharing took the engine's live heap after preparing 10,000 sites from 68 to 49 MB. Sharing is safe
 * because a Decimal never changes (every decimal.js operation answers a new one), so every holder of the shared one
 * sees exactly the value and precision it would have parsed itself.
 * Bounded, as a long-lived process meets ever new quantities: 50,000 texts, the bound the MRP's own table had
 * (a run's input at 10,000 sites and more holds more distinct quantities than the sweep's 10,000, and a table cleared
 * when full in the middle of a run parses its texts again), about 10 MB when full; texts of up to 40 characters (a signed quantity below 10^27 with
 * 6 decimals has at most 35; a longer text is rare, and is only parsed again).
 */
const byText = new Map<string, Decimal>();
const SHARED_TEXTS = 50_000;
const SHARED_TEXT_LENGTH = 40;

/**
 * Turns input into a domain Decimal, refusing NaN, infinities and anything that is not a plain decimal
 * string. A Decimal made by another decimal.js constructor is re-created with ours, so that its next
 * operation runs at our precision.
 */
export function dec(value: DecimalInput, what = 'quantity'): Decimal {
  if (typeof value === 'object' && value !== null && value.constructor === Decimal) {
    if (!value.isFinite()) throw new InvalidQuantityError(what, value.toString());
    return value;
  }
  if (typeof value === 'string') {
    let d = byText.get(value);
    if (d !== undefined) return d;
    if (!DECIMAL_STRING.test(value)) throw new InvalidQuantityError(what, value);
    d = new Decimal(value);
    if (value.length <= SHARED_TEXT_LENGTH) {
      if (byText.size >= SHARED_TEXTS) byText.clear();
      byText.set(value, d);
    }
    return d;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidQuantityError(what, String(value));
    return new Decimal(value);
  }
  // decimal.js clones share one prototype, so instanceof cannot tell them apart: compare constructors.
  if (BaseDecimal.isDecimal(value)) {
    if (!value.isFinite()) throw new InvalidQuantityError(what, value.toString());
    return new Decimal(value);
  }
  throw new InvalidQuantityError(what, String(value));
}

/** A decimal that counts goods (a move, a lot, a rule's minimum): `dec`, refusing a value below zero. */
export function nonNegativeDec(value: DecimalInput, what = 'quantity'): Decimal {
  const d = dec(value, what);
  if (d.isNegative() && !d.isZero()) throw new NegativeQuantityError(what, d.toString());
  return d;
}

/** True when the string is a decimal string the domain accepts. */
export function isDecimalString(value: string): boolean {
  return DECIMAL_STRING.test(value);
}

/** The larger of two decimals (the first when equal). */
export function maxDec(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}

/** The smaller of two decimals (the first when equal). */
export function minDec(a: Decimal, b: Decimal): Decimal {
  return a.lte(b) ? a : b;
}
