import { addDays, assertWholeDays, type IsoDate } from './iso-date.js';
import { endOfDayMs } from './time-zone.js';

/**
 * Lead days per route (docs/semantics.md, "Lead times and dates"). Days are whole numbers: the projection is daily, and a
 * fractional day would have no date to land on.
 */
export type LeadTimes =
  | { route: 'buy'; vendorLeadDays: number; purchaseSecurityLeadDays?: number; daysToPurchase?: number }
  | { route: 'manufacture'; productionDelayDays: number; manufacturingSecurityLeadDays?: number; daysToPrepare?: number }
  | { route: 'resupply'; transferDelayDays: number };

export function leadDays(times: LeadTimes): number {
  switch (times.route) {
    case 'buy':
      return (
        assertWholeDays(times.vendorLeadDays, 'vendorLeadDays') +
        assertWholeDays(times.purchaseSecurityLeadDays ?? 0, 'purchaseSecurityLeadDays') +
        assertWholeDays(times.daysToPurchase ?? 0, 'daysToPurchase')
      );
    case 'manufacture':
      return (
        assertWholeDays(times.productionDelayDays, 'productionDelayDays') +
        assertWholeDays(times.manufacturingSecurityLeadDays ?? 0, 'manufacturingSecurityLeadDays') +
        assertWholeDays(times.daysToPrepare ?? 0, 'daysToPrepare')
      );
    case 'resupply':
      return assertWholeDays(times.transferDelayDays, 'transferDelayDays');
  }
}

/** The lead days date as the projection uses it (a local date) and as an instant (end of that day). */
export interface LeadDaysDate {
  /** today + lead days, in the warehouse's calendar: moves dated on or before it count. */
  readonly date: IsoDate;
  /** The last millisecond of that day in the warehouse's time zone. */
  readonly endOfDay: Date;
}

// Every rule of a warehouse asks for the same few (zone, today, lead days) triples all day: a nested map
// answers without building a key string. Cleared when a zone collects too many days.
const cache = new Map<string, Map<IsoDate, { date: IsoDate; ms: number }[]>>();
const DAYS_PER_ZONE_LIMIT = 400;

/** lead days date = today + lead days, end of that day in the warehouse's time zone. */
export function leadDaysDate(today: IsoDate, days: number, timeZone: string): LeadDaysDate {
  let byToday = cache.get(timeZone);
  if (byToday === undefined) cache.set(timeZone, (byToday = new Map()));
  let byDays = byToday.get(today);
  if (byDays === undefined) {
    if (byToday.size >= DAYS_PER_ZONE_LIMIT) byToday.clear();
    byToday.set(today, (byDays = []));
  }
  let hit = byDays[days];
  if (hit === undefined) {
    const date = addDays(today, assertWholeDays(days, 'leadDays'));
    hit = { date, ms: endOfDayMs(date, timeZone) };
    if (days >= 0 && days < 10_000) byDays[days] = hit;
  }
  // A fresh Date each time: Dates are mutable and this one leaves the library.
  return { date: hit.date, endOfDay: new Date(hit.ms) };
}
