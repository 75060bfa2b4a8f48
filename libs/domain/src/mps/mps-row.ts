import { addDays, type IsoDate } from '../dates/iso-date.js';
import { Explanation, type ExplanationStep } from '../explanation/explanation.js';
import { ZERO, dec, maxDec, minDec, nonNegativeDec, type Decimal, type DecimalInput } from '../quantity/decimal.js';
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
// 260,000 cells per warehouse: an operation with zero allocates nothing. decimal.js copies the argument of every
// operation and comparison (gt, gte, maxDec...), so comparisons a zero decides are not made either.
const minus = (a: Decimal, b: Decimal): Decimal => (b.isZero() ? a : a.minus(b));
const plus = (a: Decimal, b: Decimal): Decimal => (b.isZero() ? a : a.plus(b));
/** maxDec of two decimals at least zero (the first when equal). */
const larger = (a: Decimal, b: Decimal): Decimal => (b.isZero() ? a : a.isZero() ? b : maxDec(a, b));
/** Above zero, without comparing (d.gt(0) parses the 0). */
const positive = (d: Decimal): boolean => !d.isZero() && !d.isNegative();
const sum = (sources: readonly IndirectSource[]): Decimal => {
  let total = ZERO;
  for (const s of sources) total = total.isZero() ? s.quantity : plus(total, s.quantity);
  return total;
};

/** A row's targets as decimals, shared by its cells. */
interface RowTargets {
  readonly target: Decimal;
  readonly minimum: Decimal;
  readonly maximum: Decimal | null;
}

/** A cell; its explanation is built when asked for, from its own figures (no closure per cell: a grid holds many). */
class Cell implements MpsCell {
  constructor(
    readonly periodStart: IsoDate,
    readonly orderDate: IsoDate,
    readonly startingStock: Decimal,
    readonly forecast: Decimal,
    readonly actualDemand: Decimal,
    readonly demand: Decimal,
    readonly indirectDemand: Decimal,
    readonly suggested: Decimal,
    readonly override: Decimal | null,
    readonly replenishment: Decimal,
    readonly alreadyOrdered: Decimal,
    readonly toReplenish: Decimal,
    readonly forecastedStock: Decimal,
    private readonly targets: RowTargets,
    private readonly sources: readonly IndirectSource[],
  ) {}

  get explanation(): Explanation {
    return new Explanation(() => this.steps(), renderMpsCell);
  }

  private steps(): ExplanationStep[] {
    const projected = minus(minus(this.startingStock, this.demand), this.indirectDemand);
    const { target, minimum, maximum } = this.targets;
    return [
      { code: 'period', start: this.periodStart },
      { code: 'starting', quantity: this.startingStock },
      { code: 'demand', forecast: this.forecast, actual: this.actualDemand, quantity: this.demand },
      { code: 'indirect', quantity: this.indirectDemand, from: this.sources.map((s) => `${s.parentId} ${s.quantity.toString()}`).join(', ') },
      { code: 'need', target, projected, missing: target.minus(projected) },
      { code: 'suggested', minimum, maximum, quantity: this.suggested },
      ...(this.override ? [{ code: 'override', quantity: this.override }] : []),
      { code: 'ordered', quantity: this.alreadyOrdered, toReplenish: this.toReplenish, orderDate: this.orderDate },
      { code: 'forecasted', quantity: this.forecastedStock },
    ];
  }
}

const NO_SOURCES: readonly IndirectSource[] = [];

/**
 * One product-site's row over the columns starting on `starts` (docs/semantics.md, "Master production schedule"),
 * given the indirect demand its parents' rows put on each column. `orderDates` (each start less the lead days) may
 * be given by a caller computing many rows of one lead time.
 */
export function computeMpsRow(
  input: MpsRowInput, starts: readonly IsoDate[], indirect: readonly (readonly IndirectSource[])[] = [],
  orderDates: readonly IsoDate[] = starts.map((d) => addDays(d, -input.leadDays)),
): MpsCell[] {
  const targets: RowTargets = {
    target: nonNegativeDec(input.targets.safetyTarget, 'safetyTarget'),
    minimum: nonNegativeDec(input.targets.minimum, 'minimum'),
    maximum: input.targets.maximum === null ? null : nonNegativeDec(input.targets.maximum, 'maximum'),
  };
  let starting = dec(input.startingStock, 'startingStock');
  const cells: MpsCell[] = new Array(starts.length);
  for (let i = 0; i < starts.length; i++) {
    const forecast = at(input.forecast, i, 'forecast');
    const actualDemand = at(input.actualDemand, i, 'actualDemand');
    const demand = larger(forecast, actualDemand);
    const sources = indirect[i] ?? NO_SOURCES;
    const indirectDemand = sum(sources);
    const projected = minus(minus(starting, demand), indirectDemand);
    const shortfall = minus(targets.target, projected);
    const missing = positive(shortfall) ? shortfall : null;
    const suggested = missing ? clamp(missing, targets.minimum, targets.maximum) : ZERO;
    const overrideInput = input.overrides[i];
    const override = overrideInput === undefined ? null : nonNegativeDec(overrideInput, 'override');
    const replenishment = override ?? suggested;
    const alreadyOrdered = at(input.alreadyOrdered, i, 'alreadyOrdered');
    const toReplenish = alreadyOrdered.isZero() ? replenishment : maxDec(replenishment.minus(alreadyOrdered), ZERO);
    const produced = larger(replenishment, alreadyOrdered);
    // Replenishing exactly what is missing ends the column on the target itself: no new decimal (most columns do).
    const forecastedStock = produced === missing ? targets.target : plus(projected, produced);
    cells[i] = new Cell(
      starts[i] as IsoDate, orderDates[i] as IsoDate, starting, forecast, actualDemand, demand, indirectDemand, suggested, override, replenishment,
      alreadyOrdered, toReplenish, forecastedStock, targets, sources,
    );
    starting = forecastedStock;
  }
  return cells;
}
/** What a column produces: its replenishment, or what is already ordered when that is more. */
export function producedIn(cell: MpsCell): Decimal {
  return larger(cell.replenishment, cell.alreadyOrdered);
}

/** The need kept between minimum and maximum (a maximum below the minimum wins: it is the harder limit). */
function clamp(need: Decimal, minimum: Decimal, maximum: Decimal | null): Decimal {
  const atLeast = minimum.isZero() ? need : maxDec(need, minimum);
  return maximum === null ? atLeast : minDec(atLeast, maximum);
}
