/**
 * The one numeric domain (docs/semantics.md, "Numeric bounds"; decision contracts-002): every quantity, price and
 * factor that enters or leaves a service fits its bound, whatever the sum of moves behind it. Inputs beyond a bound
 * are refused (REST 400 naming the field, a dead letter for an event, both with the reason `decimalBoundIssue`
 * gives); a computed value that would pass it refuses the change that causes it. PostgreSQL's `numeric` columns are
 * unbounded, so the bound is the contract's, not the database's.
 */
export interface DecimalBound {
  /** What the bound is for, as the reason names it: "quantity", "price", "factor". */
  readonly kind: string;
  /** Digits before the decimal point, leading zeros aside. */
  readonly integerDigits: number;
  /** Digits after the decimal point, as written. */
  readonly scale: number;
}

/**
 * Quantities of goods (moves, order lines, on hand, draft lines, rule minimums): below 10^15 in magnitude, with at
 * most 6 decimals, the finest UoM rounding step allowed (0.000001). Sums of such values stay exact in the domain's
 * 100-digit decimals; the bound is checked where they are published.
 */
export const QUANTITY_BOUND: DecimalBound = { kind: 'quantity', integerDigits: 15, scale: 6 };
/** Prices (a supplier's unit price): as quantities. */
export const PRICE_BOUND: DecimalBound = { kind: 'price', integerDigits: 15, scale: 6 };
/**
 * UoM factors (reference units in one unit: 12 for a dozen, 0.001 for a gram of a kilogram category): 9 digits
 * each side, so a milligram of a kilogram category (0.000001) and a kiloton of a gram category (10^9) both fit.
 */
export const FACTOR_BOUND: DecimalBound = { kind: 'factor', integerDigits: 9, scale: 9 };

/** The largest magnitude within a bound, e.g. "999999999999999.999999". */
export const boundLimit = (bound: DecimalBound): string => `${'9'.repeat(bound.integerDigits)}.${'9'.repeat(bound.scale)}`;

/**
 * Why a decimal string lies outside `bound`, or undefined when it fits (or is no decimal string at all: the
 * decimal pattern says so). The same text answers REST (400 naming the field) and goes with dead letters.
 */
export function decimalBoundIssue(text: string, bound: DecimalBound = QUANTITY_BOUND): string | undefined {
  const m = /^-?0*(\d*?)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const integerDigits = m[1].length;
  const scale = m[2]?.length ?? 0;
  if (integerDigits > bound.integerDigits) {
    return `has ${integerDigits} digits before the decimal point, past the ${bound.kind} bound of ${bound.integerDigits} (at most ${boundLimit(bound)})`;
  }
  if (scale > bound.scale) return `has ${scale} decimals, past the ${bound.kind} bound of ${bound.scale}`;
  return undefined;
}

/** A JSON Schema pattern for a decimal string within `bound`: `signed` allows a minus, `positive` requires a non-zero digit. */
export function boundPattern(bound: DecimalBound, { signed = false, positive = false } = {}): string {
  return `^${positive ? '(?=.*[1-9])' : ''}${signed ? '-?' : ''}0*\\d{1,${bound.integerDigits}}(\\.\\d{1,${bound.scale}})?$`;
}
