import { assertIsoDate, type IsoDate } from '../dates/iso-date.js';
import { Decimal, dec, nonNegativeDec, type DecimalInput } from '../quantity/decimal.js';

/** A confirmed, not yet done move: into W (incoming) or out of W (outgoing), dated in W's calendar. */
export interface DatedQuantity {
  readonly date: IsoDate;
  readonly quantity: Decimal;
}

/**
 * Stock position of one product at one warehouse (docs/semantics.md, "Stock position and forecast"), in the product's UoM.
 * `inProgress` is what open drafts already hold, whatever their date, so that a rule never orders again
 * what a draft already holds.
 */
export interface StockPosition {
  readonly onHand: Decimal;
  readonly incoming: readonly DatedQuantity[];
  readonly outgoing: readonly DatedQuantity[];
  readonly inProgress: Decimal;
}

export interface StockPositionInput {
  onHand: DecimalInput;
  incoming?: readonly { date: IsoDate; quantity: DecimalInput }[];
  outgoing?: readonly { date: IsoDate; quantity: DecimalInput }[];
  inProgress?: DecimalInput;
}

/**
 * Validates and builds a position from wire values. On hand may be negative (stock can be overdrawn);
 * moves and drafts count goods and may not.
 */
export function stockPosition(input: StockPositionInput): StockPosition {
  const position: StockPosition = Object.freeze({
    onHand: dec(input.onHand, 'onHand'),
    incoming: Object.freeze((input.incoming ?? []).map((m, i) => Object.freeze({ date: assertIsoDate(m.date, `incoming[${i}].date`), quantity: nonNegativeDec(m.quantity, `incoming[${i}].quantity`) }))),
    outgoing: Object.freeze((input.outgoing ?? []).map((m, i) => Object.freeze({ date: assertIsoDate(m.date, `outgoing[${i}].date`), quantity: nonNegativeDec(m.quantity, `outgoing[${i}].quantity`) }))),
    inProgress: nonNegativeDec(input.inProgress ?? '0', 'inProgress'),
  });
  schedules.set(position, buildSchedule(position));
  return position;
}

/**
 * The forecast as a step function: the dates on which it changes and its value from each of them on.
 * decimal.js additions cost about half a microsecond each, so summing every move again for every query
 * would dominate a rule evaluation; with the schedule a query is a binary search and no arithmetic.
 * Built once by stockPosition(), whose result is frozen so that the schedule can never go stale. A
 * position assembled by hand (or spread into a new object) has none and is simply scanned.
 */
interface ForecastSchedule {
  readonly base: Decimal;
  readonly dates: readonly IsoDate[];
  readonly values: readonly Decimal[];
}

const schedules = new WeakMap<StockPosition, ForecastSchedule>();

function buildSchedule(position: StockPosition): ForecastSchedule {
  const base = position.onHand.plus(position.inProgress);
  const net = new Map<IsoDate, Decimal>();
  for (const m of position.incoming) net.set(m.date, (net.get(m.date) ?? new Decimal(0)).plus(m.quantity));
  for (const m of position.outgoing) net.set(m.date, (net.get(m.date) ?? new Decimal(0)).minus(m.quantity));
  const dates = [...net.keys()].sort();
  const values: Decimal[] = new Array<Decimal>(dates.length);
  let running = base;
  for (let i = 0; i < dates.length; i++) {
    running = running.plus(net.get(dates[i] as IsoDate) as Decimal);
    values[i] = running;
  }
  return { base, dates, values };
}

function lookup(schedule: ForecastSchedule, date: IsoDate): Decimal {
  // Last index whose date is on or before `date`.
  let lo = 0;
  let hi = schedule.dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((schedule.dates[mid] as IsoDate) <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? schedule.base : (schedule.values[found] as Decimal);
}

/** forecast(d) = on hand + incoming(<= d) - outgoing(<= d) + in progress. */
export function forecast(position: StockPosition, date: IsoDate): Decimal {
  const schedule = schedules.get(position);
  if (schedule) return lookup(schedule, date);
  let q = position.onHand.plus(position.inProgress);
  for (const m of position.incoming) if (m.date <= date) q = q.plus(m.quantity);
  for (const m of position.outgoing) if (m.date <= date) q = q.minus(m.quantity);
  return q;
}

/**
 * The forecast at two dates in one pass over the moves (`early` <= `late`): the rule needs the lead days
 * date and the same date plus visibility days, and this is the hot path of every evaluation.
 */
export function forecastAtTwoDates(position: StockPosition, early: IsoDate, late: IsoDate): [Decimal, Decimal] {
  const schedule = schedules.get(position);
  if (schedule) return [lookup(schedule, early), early === late ? lookup(schedule, early) : lookup(schedule, late)];
  let a = position.onHand.plus(position.inProgress);
  if (early === late) {
    const f = forecastFrom(a, position, early);
    return [f, f];
  }
  let between = new Decimal(0);
  let touched = false;
  for (const m of position.incoming) {
    if (m.date <= early) a = a.plus(m.quantity);
    else if (m.date <= late) {
      between = between.plus(m.quantity);
      touched = true;
    }
  }
  for (const m of position.outgoing) {
    if (m.date <= early) a = a.minus(m.quantity);
    else if (m.date <= late) {
      between = between.minus(m.quantity);
      touched = true;
    }
  }
  return [a, touched ? a.plus(between) : a];
}

function forecastFrom(start: Decimal, position: StockPosition, date: IsoDate): Decimal {
  let q = start;
  for (const m of position.incoming) if (m.date <= date) q = q.plus(m.quantity);
  for (const m of position.outgoing) if (m.date <= date) q = q.minus(m.quantity);
  return q;
}

/** One point of a forecast profile: the forecast at the end of `date`. */
export interface ForecastPoint {
  readonly date: IsoDate;
  readonly forecast: Decimal;
}

/**
 * The forecast by date: one point per date on which a move happens, from `from` to `to` inclusive, plus a
 * first point at `from` (which carries every move dated on or before it). Between two points the forecast
 * is flat, which is all a chart or the replenishment report needs.
 */
export function forecastProfile(position: StockPosition, from: IsoDate, to: IsoDate): ForecastPoint[] {
  const deltas = new Map<IsoDate, Decimal>();
  let start = position.onHand.plus(position.inProgress);
  const add = (date: IsoDate, q: Decimal): void => {
    if (date <= from) start = start.plus(q);
    else if (date <= to) deltas.set(date, (deltas.get(date) ?? new Decimal(0)).plus(q));
  };
  for (const m of position.incoming) add(m.date, m.quantity);
  for (const m of position.outgoing) add(m.date, m.quantity.negated());
  const points: ForecastPoint[] = [{ date: from, forecast: start }];
  let running = start;
  for (const date of [...deltas.keys()].sort()) {
    running = running.plus(deltas.get(date) as Decimal);
    points.push({ date, forecast: running });
  }
  return points;
}

/**
 * The position after an MTO sales line of `quantity` due on `deliveryDate` is confirmed and its draft
 * raised. The delivery is outgoing on its date, and the draft that is pegged to it counts as incoming on
 * that same date, not as undated in-progress stock: so demand and supply cancel out at every horizon, an
 * MTO line never makes a rule order the goods again, and never looks like free stock before its date
 * either (docs/decisions/domain-006, planning-002).
 */
export function withMtoLine(position: StockPosition, quantity: Decimal, deliveryDate: IsoDate): StockPosition {
  return stockPosition({
    onHand: position.onHand,
    incoming: [...position.incoming, { date: deliveryDate, quantity }],
    outgoing: [...position.outgoing, { date: deliveryDate, quantity }],
    inProgress: position.inProgress,
  });
}
