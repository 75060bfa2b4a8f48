import { Decimal, isDecimalString, type DecimalInput } from '../quantity/decimal.js';

/** Distinct texts kept at most: a bound for a long-lived process planning ever new quantities. */
const MAX_TEXTS = 50_000;
const byText = new Map<string, Decimal>();

/**
 * `value` as the one Decimal of its text (decision domain-010, addendum): an MRP input repeats few quantities
 * (sales lines, lots, on hand, unit steps) over tens of thousands of objects, and a Decimal with its digits is about
 * 200 bytes, a quarter of the engine's live heap at 10,000 sites when each had its own. Decimals never change, so
 * sharing one is safe. Anything else (a number, a Decimal, an invalid text) comes back as it is, for the caller's
 * validation to accept or refuse with its own message.
 */
export function sharedDec<T extends DecimalInput | undefined>(value: T): T | Decimal {
  if (typeof value !== 'string') return value;
  let d = byText.get(value);
  if (d === undefined && isDecimalString(value)) {
    if (byText.size >= MAX_TEXTS) byText.clear();
    byText.set(value, (d = new Decimal(value)));
  }
  return d ?? value;
}
