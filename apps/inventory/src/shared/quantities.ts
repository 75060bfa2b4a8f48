/**
 * Inventory's quantity arithmetic, all of it from libs/domain: UoM conversion (memoised per wire UoM), rounding
 * and the forecast projection. Dates, time zones and domain errors are used from libs/domain directly.
 */
import { Decimal, convertAmount, dec, defineUom, forecastProfile as domainForecastProfile, stockPosition, type Uom } from '@replenish/domain';

export { Decimal };
export type { Uom };

/** A UoM as product events carry it (decimal strings). */
export interface UomWire {
  code: string;
  category: string;
  factor: string;
  rounding: string;
}

const uomCache = new Map<string, { wire: UomWire; uom: Uom }>();

/** The domain Uom of a wire UoM (memoised: the move path converts every move). */
export function toUom(u: UomWire): Uom {
  const key = `${u.code}|${u.category}|${u.factor}|${u.rounding}`;
  let hit = uomCache.get(key);
  if (!hit) {
    if (uomCache.size > 10_000) uomCache.clear();
    hit = { wire: u, uom: defineUom(u) };
    uomCache.set(key, hit);
  }
  return hit.uom;
}

export const parseDecimal = (value: string, field = 'quantity'): Decimal => dec(value, field);

/** Converts an amount between two UoMs of one category, rounded half-up at the target's step (domain). */
export function convertQuantity(amount: Decimal, from: UomWire, to: UomWire): Decimal {
  return convertAmount(amount, toUom(from), toUom(to));
}

export interface ProfileInput {
  onHand: string;
  incoming: readonly { date: string; quantity: string }[];
  outgoing: readonly { date: string; quantity: string }[];
}

/** forecast(d) at `from` and at every later date with a planned move up to `to` (the domain projection). */
export function forecastProfile(input: ProfileInput, from: string, to: string): { date: string; forecast: Decimal }[] {
  const position = stockPosition({ onHand: input.onHand, incoming: input.incoming, outgoing: input.outgoing, inProgress: '0' });
  return domainForecastProfile(position, from, to).map((p) => ({ date: p.date, forecast: p.forecast }));
}
