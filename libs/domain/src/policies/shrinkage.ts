import { Decimal } from '../quantity/decimal.js';

const HUNDRED = new Decimal(100);

/**
 * A production suggestion grossed up by the loss: R x (1 + loss%) (docs/semantics.md, "Reorder policies", step 2), so that
 * after the expected loss the output still covers R. Exact decimal multiplication, no rounding here.
 */
export function grossUpForShrinkage(requirement: Decimal, shrinkagePercent: Decimal): Decimal {
  if (shrinkagePercent.isZero()) return requirement;
  return requirement.times(HUNDRED.plus(shrinkagePercent)).dividedBy(HUNDRED);
}

/** What remains on a work order in progress, less the expected loss: x (1 - loss%). */
export function netWorkInProgress(remaining: Decimal, shrinkagePercent: Decimal): Decimal {
  if (shrinkagePercent.isZero()) return remaining;
  return remaining.times(HUNDRED.minus(shrinkagePercent)).dividedBy(HUNDRED);
}
