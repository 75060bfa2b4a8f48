import { InvalidDateError } from '../errors.js';

/**
 * A calendar date as YYYY-MM-DD, in the warehouse's local calendar. Plain strings compare in date order
 * with `<`, which keeps the projection loops cheap; the functions below do the arithmetic through UTC
 * midnight so that no local time zone ever leaks in.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True when `value` is a real calendar date in YYYY-MM-DD form (2026-02-30 is not). */
export function isIsoDate(value: unknown): value is IsoDate {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Throws unless `value` is a real calendar date in YYYY-MM-DD form (2026-02-30 is refused). */
export function assertIsoDate(value: string, field = 'date'): IsoDate {
  if (!isIsoDate(value)) throw new InvalidDateError(field, value);
  return value;
}

/** Throws unless `days` is a whole number (lead times are counted in whole days). */
export function assertWholeDays(days: number, field = 'days'): number {
  if (!Number.isInteger(days)) throw new InvalidDateError(field, String(days));
  return days;
}

function toUtcMs(date: IsoDate): number {
  // Hot path: parse by position instead of a regex; inputs are validated where they enter.
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

// Formatting a Date costs more than the rest of a rule evaluation, and the same (date, days) pairs recur
// all day long (today + lead days), so results are memoised in a small bounded map.
const addDaysCache = new Map<string, IsoDate>();
const ADD_DAYS_CACHE_LIMIT = 50_000;

/** date + days (days may be negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (days === 0) return date;
  const key = date + '|' + days;
  const hit = addDaysCache.get(key);
  if (hit !== undefined) return hit;
  const result = fromUtcMs(toUtcMs(date) + assertWholeDays(days) * DAY_MS);
  if (addDaysCache.size >= ADD_DAYS_CACHE_LIMIT) addDaysCache.clear();
  addDaysCache.set(key, result);
  return result;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}
