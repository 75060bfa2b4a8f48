import { InvalidDateError } from '../errors.js';
import { addDays, assertIsoDate, type IsoDate } from '../dates/iso-date.js';

/** The length of one column of the master production schedule (docs/semantics.md, "Master production schedule"). */
export type MpsPeriod = 'day' | 'week' | 'month';

export const MPS_PERIODS: readonly MpsPeriod[] = ['day', 'week', 'month'];

/** The first day of the period `date` falls in: itself, the Monday of its ISO week, or the first of its month. */
export function periodStartOf(period: MpsPeriod, date: IsoDate): IsoDate {
  if (period === 'day') return date;
  if (period === 'month') return `${date.slice(0, 8)}01`;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday .. 6 Saturday
  return addDays(date, -((weekday + 6) % 7));
}

/** The first day of the period after the one starting on `start`. */
export function nextPeriodStart(period: MpsPeriod, start: IsoDate): IsoDate {
  if (period === 'day') return addDays(start, 1);
  if (period === 'week') return addDays(start, 7);
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** `count` consecutive period starts, the first being the period of `from`. */
export function periodStarts(period: MpsPeriod, from: IsoDate, count: number): IsoDate[] {
  assertIsoDate(from, 'from');
  if (!Number.isInteger(count) || count < 1) throw new InvalidDateError('periods', String(count));
  const starts = [periodStartOf(period, from)];
  while (starts.length < count) starts.push(nextPeriodStart(period, starts[starts.length - 1] as IsoDate));
  return starts;
}

/**
 * The column a date belongs to among ascending `starts`: what is dated before the first column counts in the first
 * (overdue demand and supply are still to be met), what is dated at or after `end` (the day after the last column) in
 * none (-1).
 */
export function periodIndexOf(starts: readonly IsoDate[], end: IsoDate, date: IsoDate): number {
  if (date >= end) return -1;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as IsoDate) <= date) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
