/**
 * Inventory's quantity arithmetic, all of it from libs/domain: UoM conversion (memoised per wire UoM), rounding
 * and the forecast projection. Dates, time zones and domain errors are used from libs/domain directly.
 */
import type { UomWire } from '@replenish/contracts';
import { Decimal, convertAmount, dec, forecastProfile as domainForecastProfile, stockPosition, uomOf, type Uom } from '@replenish/domain';

export { Decimal };
export type { Uom };

export const parseDecimal = (value: string, field = 'quantity'): Decimal => dec(value, field);

/** Converts an amount between two UoMs of one category, rounded half-up at the target's step (domain). */
export function convertQuantity(amount: Decimal, from: UomWire, to: UomWire): Decimal {
  return convertAmount(amount, uomOf(from), uomOf(to));
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
