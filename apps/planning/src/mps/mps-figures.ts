import type { Decimal, MpsCell } from '@replenish/domain';
import type { MpsFigures, MpsStoredRow, MpsTargetsRow } from './data-access/mps.repository.js';
import type { MpsRowView } from './entry-points/mps.responses.js';

/** A decimal as the figures write it: most are zero, '0' without formatting (what toString gives for any zero). */
const text = (d: Decimal): string => (d.isZero() ? '0' : d.toString());

/** Each figure's text, the one of the column before when it is the same decimal (a row's target, minimum, maximum). */
class Texts {
  private last: Decimal | undefined;
  private lastText = '';
  of(d: Decimal): string {
    if (d !== this.last) {
      this.last = d;
      this.lastText = text(d);
    }
    return this.lastText;
  }
}

/**
 * A computed row's figures as stored and answered: decimal strings per column, in one pass over the cells. A cell's
 * figures are often the same decimal (demand is the forecast or the actual demand, the replenishment the suggestion
 * or the override, a column starts from the stock the one before ends with, a row's target ends most columns), so
 * each is formatted once (bench:mps: 260,000 cells a warehouse).
 */
export function figuresOf(cells: readonly MpsCell[], leadDays: number): MpsFigures {
  const n = cells.length;
  const f: MpsFigures = {
    leadDays, orderDates: new Array<string>(n), startingStock: new Array<string>(n), forecast: new Array<string>(n), actualDemand: new Array<string>(n),
    demand: new Array<string>(n), indirectDemand: new Array<string>(n), suggested: new Array<string>(n), override: new Array<string | null>(n),
    replenishment: new Array<string>(n), alreadyOrdered: new Array<string>(n), toReplenish: new Array<string>(n), forecastedStock: new Array<string>(n),
  };
  const forecasts = new Texts();
  const actuals = new Texts();
  const indirects = new Texts();
  const suggestions = new Texts();
  const overrides = new Texts();
  const ordered = new Texts();
  const stocks = new Texts();
  let starting = '';
  for (let i = 0; i < n; i++) {
    const c = cells[i] as MpsCell;
    if (i === 0 || c.startingStock !== (cells[i - 1] as MpsCell).forecastedStock) starting = text(c.startingStock);
    const forecast = forecasts.of(c.forecast);
    const actual = c.actualDemand === c.forecast ? forecast : actuals.of(c.actualDemand);
    const suggested = suggestions.of(c.suggested);
    const override = c.override === null ? null : overrides.of(c.override);
    const replenishment = c.replenishment === c.suggested ? suggested : c.replenishment === c.override ? (override as string) : text(c.replenishment);
    const stock = c.forecastedStock === c.startingStock ? starting : stocks.of(c.forecastedStock);
    f.orderDates[i] = c.orderDate;
    f.startingStock[i] = starting;
    f.forecast[i] = forecast;
    f.actualDemand[i] = actual;
    f.demand[i] = c.demand === c.forecast ? forecast : c.demand === c.actualDemand ? actual : text(c.demand);
    f.indirectDemand[i] = indirects.of(c.indirectDemand);
    f.suggested[i] = suggested;
    f.override[i] = override;
    f.replenishment[i] = replenishment;
    f.alreadyOrdered[i] = ordered.of(c.alreadyOrdered);
    f.toReplenish[i] = c.toReplenish === c.replenishment ? replenishment : text(c.toReplenish);
    f.forecastedStock[i] = stock;
    starting = stock;
  }
  return f;
}

/**
 * JSON.stringify(figuresOf(cells, leadDays)), the lists most rows share made once per computation: a list of zeros
 * (nothing ordered, no actual or indirect demand), of no override, and the order dates of a lead time (the columns
 * are the same for every row of one computation). bench:mps: 12 lists of 52 strings for each of 5,000 rows.
 */
export class FiguresJson {
  private readonly shared = new Map<string, string>();

  of(cells: readonly MpsCell[], leadDays: number): string {
    const f = figuresOf(cells, leadDays);
    let dates = this.shared.get(`dates ${leadDays}`);
    if (dates === undefined) this.shared.set(`dates ${leadDays}`, (dates = JSON.stringify(f.orderDates)));
    return `{"leadDays":${JSON.stringify(leadDays)},"orderDates":${dates},"startingStock":${this.list(f.startingStock)},"forecast":${this.list(f.forecast)},` +
      `"actualDemand":${this.list(f.actualDemand)},"demand":${this.list(f.demand)},"indirectDemand":${this.list(f.indirectDemand)},` +
      `"suggested":${this.list(f.suggested)},"override":${this.list(f.override)},"replenishment":${this.list(f.replenishment)},` +
      `"alreadyOrdered":${this.list(f.alreadyOrdered)},"toReplenish":${this.list(f.toReplenish)},"forecastedStock":${this.list(f.forecastedStock)}}`;
  }

  /** A list whose entries are all one text ('0', null) from the shared ones, others serialised. */
  private list(xs: readonly (string | null)[]): string {
    const first = xs[0];
    if (first !== '0' && first !== null) return JSON.stringify(xs);
    for (let i = 1; i < xs.length; i++) if (xs[i] !== first) return JSON.stringify(xs);
    const key = `${String(first)} ${xs.length}`;
    let text = this.shared.get(key);
    if (text === undefined) this.shared.set(key, (text = JSON.stringify(xs)));
    return text;
  }
}

/**
 * One row of GET /mps as JSON text, from its stored figures' text: rowView's keys are the targets' then the figures'
 * in the same order, so the figures are spliced in rather than parsed and serialised again (18.6 MB a warehouse).
 */
export function rowJson(productId: string, t: MpsTargetsRow, figuresJson: string): string {
  const head = JSON.stringify({ productId, warehouseId: t.warehouseId, safetyTarget: t.safetyTarget, minimum: t.minimum, maximum: t.maximum });
  return `${head.slice(0, -1)},${figuresJson.slice(1)}`;
}

/** A stored row's columns [first, first + count) as the API answers them. */
export function rowView(r: Pick<MpsStoredRow, 'productId' | 'figures'>, t: MpsTargetsRow, first: number, count: number): MpsRowView {
  const f = r.figures;
  const cut = <T>(xs: T[]): T[] => (first === 0 && count === xs.length ? xs : xs.slice(first, first + count)); // the whole row: no copy
  return {
    productId: r.productId, warehouseId: t.warehouseId, safetyTarget: t.safetyTarget, minimum: t.minimum, maximum: t.maximum, leadDays: f.leadDays,
    orderDates: cut(f.orderDates), startingStock: cut(f.startingStock), forecast: cut(f.forecast), actualDemand: cut(f.actualDemand), demand: cut(f.demand),
    indirectDemand: cut(f.indirectDemand), suggested: cut(f.suggested), override: cut(f.override), replenishment: cut(f.replenishment),
    alreadyOrdered: cut(f.alreadyOrdered), toReplenish: cut(f.toReplenish), forecastedStock: cut(f.forecastedStock),
  };
}
