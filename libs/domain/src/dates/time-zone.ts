import { InvalidTimeZoneError } from '../errors.js';
import type { IsoDate } from './iso-date.js';

/**
 * Time zone arithmetic with Intl only (no date library). Building an Intl.DateTimeFormat costs tens of
 * microseconds, so one formatter per zone is cached; the end-of-day instants are memoised per zone and
 * date because a rule evaluation asks for the same few dates again and again.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const endOfDayCache = new Map<string, number>();
const END_OF_DAY_CACHE_LIMIT = 10_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new InvalidTimeZoneError(timeZone);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(instant: Date, timeZone: string): LocalParts {
  const out: LocalParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type === 'year' || p.type === 'month' || p.type === 'day' || p.type === 'hour' || p.type === 'minute' || p.type === 'second') {
      out[p.type] = Number(p.value);
    }
  }
  return out;
}

/** Throws InvalidTimeZoneError unless Intl knows the zone. */
export function assertTimeZone(timeZone: string): string {
  formatter(timeZone);
  return timeZone;
}

/** Offset of the zone from UTC at `instant`, in milliseconds (local wall time minus UTC). */
export function timeZoneOffsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The local calendar date in the zone at `instant` ("today" for a warehouse). */
export function localDate(instant: Date, timeZone: string): IsoDate {
  const p = localParts(instant, timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The first instant of local date `date` in the zone (local midnight, or the first existing time). */
export function startOfDay(date: IsoDate, timeZone: string): Date {
  const wallMidnight = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  // Two passes: the offset is read once at the guess and once at the corrected instant, which settles the
  // case where a daylight-saving change lies between UTC midnight and local midnight.
  let candidate = wallMidnight - timeZoneOffsetMs(new Date(wallMidnight), timeZone);
  candidate = wallMidnight - timeZoneOffsetMs(new Date(candidate), timeZone);
  // Where midnight itself does not exist (a zone springing forward at 00:00), the candidate lands on the
  // previous local day; the day then starts at the first instant whose local date is `date`.
  if (localDate(new Date(candidate), timeZone) < date) {
    candidate += 3_600_000;
  }
  return new Date(candidate);
}

/**
 * The last millisecond of local date `date` in the zone: one millisecond before the next local day
 * starts. A 23- or 25-hour day is handled because the next day's start is computed on its own.
 */
export function endOfDay(date: IsoDate, timeZone: string): Date {
  return new Date(endOfDayMs(date, timeZone));
}

/** endOfDay as epoch milliseconds, memoised per zone and date (a Date is mutable, a number is not). */
export function endOfDayMs(date: IsoDate, timeZone: string): number {
  const key = timeZone + '|' + date;
  const cached = endOfDayCache.get(key);
  if (cached !== undefined) return cached;
  const next = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + 1);
  const nextDate = new Date(next).toISOString().slice(0, 10);
  const result = startOfDay(nextDate, timeZone).getTime() - 1;
  if (endOfDayCache.size >= END_OF_DAY_CACHE_LIMIT) endOfDayCache.clear();
  endOfDayCache.set(key, result);
  return result;
}
