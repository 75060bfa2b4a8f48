import { addDays, type IsoDate } from '../dates/iso-date.js';
import { Explanation, type ExplanationStep } from '../explanation/explanation.js';
import { Decimal, ZERO, dec, maxDec, minDec, nonNegativeDec, type DecimalInput } from '../quantity/decimal.js';
import { renderMpsCell } from './mps-explanation.js';

/** A product-site's targets in the schedule (docs/semantics.md, "Master production schedule"). */
export interface MpsTargets {
  /** The stock wanted at the end of every period. */
  readonly safetyTarget: DecimalInput;
  /** The least a period with something missing replenishes. */
  readonly minimum: DecimalInput;
  /** The most a period replenishes; null: no upper bound. */
  readonly maximum: DecimalInput | null;
}

/** What one product-site brings to the schedule, per column (arrays as long as the columns, holes meaning zero). */
export interface MpsRowInput {
  readonly productId: string;
  readonly targets: MpsTargets;
  /** On hand when the first column starts. */
  readonly startingStock: DecimalInput;
  /** Days from ordering to the goods being there: a column's order date is its start minus these. */
  readonly leadDays: number;
  /** Entered by the planner (or an upstream forecasting system). */
  readonly forecast: readonly (DecimalInput | undefined)[];
  /** Confirmed sales order lines due in the column, still to deliver. */
  readonly actualDemand: readonly (DecimalInput | undefined)[];
  /** Open drafts and confirmed orders bringing the product in the column. */
  readonly alreadyOrdered: readonly (DecimalInput | undefined)[];
  /** The planner's replenishment of a column, in place of the suggestion, until reset. */
  readonly overrides: readonly (DecimalInput | undefined)[];
}

/** Where a column's indirect demand comes from: a parent's replenishment through its BOM. */
export interface IndirectSource {
  readonly parentId: string;
  readonly quantity: Decimal;
}

/** One product-site in one column: every figure of the grid, and why the replenishment is what it is. */
export interface MpsCell {
  readonly periodStart: IsoDate;
  /** When an order for the column must be placed: its start minus the lead days. */
  readonly orderDate: IsoDate;
  readonly startingStock: Decimal;
  readonly forecast: Decimal;
  readonly actualDemand: Decimal;
  /** What the column consumes: the larger of forecast and actual demand (sales use up the forecast; decision planning-022). */
  readonly demand: Decimal;
  readonly indirectDemand: Decimal;
  /** clamp(safety target - (starting - demand - indirect), minimum, maximum) when above zero, else 0. */
  readonly suggested: Decimal;
  readonly override: Decimal | null;
  /** The column's replenishment: the override, else the suggestion. */
  readonly replenishment: Decimal;
  readonly alreadyOrdered: Decimal;
  /** What is still to order: replenishment less what is already ordered, at least 0. */
  readonly toReplenish: Decimal;
  /** starting - demand - indirect + the larger of replenishment and already ordered; the next column starts from it. */
  readonly forecastedStock: Decimal;
  readonly explanation: Explanation;
}

const at = (values: readonly (DecimalInput | undefined)[], i: number, what: string): Decimal => {
  const v = values[i];
  return v === undefined ? ZERO : nonNegativeDec(v, what);
};

/**
 * One product-site's row over the columns starting on `starts` (docs/semantics.md, "Master production schedule"),
 * given the indirect demand its parents' rows put on each column.
 */
export function computeMpsRow(input: MpsRowInput, starts: readonly IsoDate[], indirect: readonly (readonly IndirectSource[])[] = []): MpsCell[] {
  const target = nonNegativeDec(input.targets.safetyTarget, 'safetyTarget');
  const minimum = nonNegativeDec(input.targets.minimum, 'minimum');
  const maximum = input.targets.maximum === null ? null : nonNegativeDec(input.targets.maximum, 'maximum');
  let starting = dec(input.startingStock, 'startingStock');
  const cells: MpsCell[] = [];
  for (let i = 0; i < starts.length; i++) {
    const periodStart = starts[i] as IsoDate;
    const forecast = at(input.forecast, i, 'forecast');
    const actualDemand = at(input.actualDemand, i, 'actualDemand');
    const demand = maxDec(forecast, actualDemand);
    const sources = indirect[i] ?? [];
    const indirectDemand = sources.reduce((s, x) => s.plus(x.quantity), ZERO);
    const projected = starting.minus(demand).minus(indirectDemand);
    const missing = target.minus(projected);
    const suggested = missing.gt(0) ? clamp(missing, minimum, maximum) : ZERO;
    const overrideInput = input.overrides[i];
    const override = overrideInput === undefined ? null : nonNegativeDec(overrideInput, 'override');
    const replenishment = override ?? suggested;
    const alreadyOrdered = at(input.alreadyOrdered, i, 'alreadyOrdered');
    const toReplenish = maxDec(replenishment.minus(alreadyOrdered), ZERO);
    const forecastedStock = projected.plus(maxDec(replenishment, alreadyOrdered));
    const orderDate = addDays(periodStart, -input.leadDays);
    const startingStock = starting;
    const explanation = new Explanation((): ExplanationStep[] => [
      { code: 'period', start: periodStart },
      { code: 'starting', quantity: startingStock },
      { code: 'demand', forecast, actual: actualDemand, quantity: demand },
      { code: 'indirect', quantity: indirectDemand, from: sources.map((s) => `${s.parentId} ${s.quantity.toString()}`).join(', ') },
      { code: 'need', target, projected, missing },
      { code: 'suggested', minimum, maximum, quantity: suggested },
      ...(override ? [{ code: 'override', quantity: override }] : []),
      { code: 'ordered', quantity: alreadyOrdered, toReplenish, orderDate },
      { code: 'forecasted', quantity: forecastedStock },
    ], renderMpsCell);
    cells.push({
      periodStart, orderDate, startingStock, forecast, actualDemand, demand, indirectDemand, suggested, override, replenishment,
      alreadyOrdered, toReplenish, forecastedStock, explanation,
    });
    starting = forecastedStock;
  }
  return cells;
}

/** The need kept between minimum and maximum (a maximum below the minimum wins: it is the harder limit). */
function clamp(need: Decimal, minimum: Decimal, maximum: Decimal | null): Decimal {
  const atLeast = maxDec(need, minimum);
  return maximum === null ? atLeast : minDec(atLeast, maximum);
}
