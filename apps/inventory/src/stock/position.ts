import { Decimal, forecastProfile } from '../shared/quantities.js';
import type { Direction } from './move-effects.js';

/** One planned move as stored: planned quantity (null while only its done part is known) and done part. */
export interface PlannedRow {
  direction: Direction;
  date: string | null;
  planned: string | null;
  done: string;
  open: boolean;
}

export interface DatedQuantityWire {
  date: string;
  quantity: string;
}

/** What is still to come of a planned move: planned - done, never below zero; nothing once closed or unknown. */
export function remainingOf(row: PlannedRow): Decimal {
  if (!row.open || row.planned === null || row.date === null) return new Decimal(0);
  const r = new Decimal(row.planned).minus(row.done);
  return r.isPositive() && !r.isZero() ? r : new Decimal(0);
}

/** Remaining planned quantities of one direction summed per date, in date order, zero dates left out. */
export function datedRemaining(rows: readonly PlannedRow[], direction: Direction): DatedQuantityWire[] {
  const byDate = new Map<string, Decimal>();
  for (const row of rows) {
    if (row.direction !== direction) continue;
    const r = remainingOf(row);
    if (r.isZero()) continue;
    const date = row.date as string;
    byDate.set(date, (byDate.get(date) ?? new Decimal(0)).plus(r));
  }
  return [...byDate.keys()].sort().map((date) => ({ date, quantity: (byDate.get(date) as Decimal).toString() }));
}

export interface PositionWire {
  onHand: string;
  incoming: DatedQuantityWire[];
  outgoing: DatedQuantityWire[];
}

export function buildPosition(onHand: string, rows: readonly PlannedRow[]): PositionWire {
  return { onHand: new Decimal(onHand).toString(), incoming: datedRemaining(rows, 'in'), outgoing: datedRemaining(rows, 'out') };
}

export interface ForecastDay {
  date: string;
  incoming: string;
  outgoing: string;
  forecast: string;
}

/**
 * The forecast profile between two dates: a point at `from` (on hand plus every planned move dated on or
 * before it, late moves included) and one per later date with a planned move, each with that date's
 * incoming, outgoing and the forecast at the end of the day (the domain projection).
 */
export function forecastDays(position: PositionWire, from: string, to: string): ForecastDay[] {
  const sumWhere = (list: DatedQuantityWire[], pick: (d: string) => boolean): string =>
    list.filter((m) => pick(m.date)).reduce((s, m) => s.plus(m.quantity), new Decimal(0)).toString();
  return forecastProfile(position, from, to).map((p) => {
    const pick = p.date === from ? (d: string) => d <= from : (d: string) => d === p.date;
    return { date: p.date, incoming: sumWhere(position.incoming, pick), outgoing: sumWhere(position.outgoing, pick), forecast: p.forecast.toString() };
  });
}
