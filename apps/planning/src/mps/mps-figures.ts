import type { Decimal, MpsCell } from '@replenish/domain';
import type { MpsFigures, MpsTargetsRow } from './data-access/mps.repository.js';

/** A decimal as the figures write it: most are zero, '0' without formatting (what toString gives for any zero). */
const text = (d: Decimal): string => (d.isZero() ? '0' : d.toString());

/**
 * A computed row's figures as stored and answered: decimal strings per column, in one pass over the cells. A cell's
 * figures are often the same decimal (demand is the forecast or the actual demand, the replenishment the suggestion
 * or the override, a column starts from the stock the one before ends with), so each is formatted once (bench:mps:
 * 260,000 cells a warehouse).
 */
export function figuresOf(cells: readonly MpsCell[], leadDays: number): MpsFigures {
  const n = cells.length;
  const f: MpsFigures = {
    leadDays, orderDates: new Array<string>(n), startingStock: new Array<string>(n), forecast: new Array<string>(n), actualDemand: new Array<string>(n),
    demand: new Array<string>(n), indirectDemand: new Array<string>(n), suggested: new Array<string>(n), override: new Array<string | null>(n),
    replenishment: new Array<string>(n), alreadyOrdered: new Array<string>(n), toReplenish: new Array<string>(n), forecastedStock: new Array<string>(n),
  };
  let before: MpsCell | undefined;
  for (let i = 0; i < n; i++) {
    const c = cells[i] as MpsCell;
    const starting = before !== undefined && c.startingStock === before.forecastedStock ? (f.forecastedStock[i - 1] as string) : text(c.startingStock);
    const forecast = text(c.forecast);
    const actual = c.actualDemand === c.forecast ? forecast : text(c.actualDemand);
    const suggested = text(c.suggested);
    const override = c.override === null ? null : text(c.override);
    const replenishment = c.replenishment === c.suggested ? suggested : c.replenishment === c.override ? (override as string) : text(c.replenishment);
    f.orderDates[i] = c.orderDate;
    f.startingStock[i] = starting;
    f.forecast[i] = forecast;
    f.actualDemand[i] = actual;
    f.demand[i] = c.demand === c.forecast ? forecast : c.demand === c.actualDemand ? actual : text(c.demand);
    f.indirectDemand[i] = text(c.indirectDemand);
    f.suggested[i] = suggested;
    f.override[i] = override;
    f.replenishment[i] = replenishment;
    f.alreadyOrdered[i] = text(c.alreadyOrdered);
    f.toReplenish[i] = c.toReplenish === c.replenishment ? replenishment : text(c.toReplenish);
    f.forecastedStock[i] = c.forecastedStock === c.startingStock ? starting : text(c.forecastedStock);
    before = c;
  }
  return f;
}

/**
 * One row of GET /mps as JSON text, from its stored figures' text: the row's keys are its targets' then the figures'
 * in the same order, so the figures are spliced in rather than parsed and serialised again (18.6 MB a warehouse).
 */
export function rowJson(productId: string, t: MpsTargetsRow, figuresJson: string): string {
  const head = JSON.stringify({ productId, warehouseId: t.warehouseId, safetyTarget: t.safetyTarget, minimum: t.minimum, maximum: t.maximum });
  return `${head.slice(0, -1)},${figuresJson.slice(1)}`;
}
