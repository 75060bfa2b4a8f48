import {
  InvalidDateError,
  InvalidTimeZoneError,
  addDays,
  assertIsoDate,
  assertTimeZone,
  daysBetween,
  draftDates,
  endOfDay,
  leadDays,
  leadDaysDate,
  localDate,
  salesDeliveryDate,
  startOfDay,
} from '../index.js';

describe('ISO dates', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
  });

  it('refuses impossible dates and fractional days', () => {
    expect(() => assertIsoDate('2026-02-30')).toThrow(InvalidDateError);
    expect(() => assertIsoDate('2026-2-3')).toThrow(InvalidDateError);
    expect(() => addDays('2026-01-01', 1.5)).toThrow(InvalidDateError);
  });
});

describe('lead days', () => {
  it('buy = vendor lead time + purchase security lead time + days to purchase', () => {
    expect(leadDays({ route: 'buy', vendorLeadDays: 7, purchaseSecurityLeadDays: 2, daysToPurchase: 1 })).toBe(10);
  });
  it('manufacture = production delay + manufacturing security lead time + days to prepare', () => {
    expect(leadDays({ route: 'manufacture', productionDelayDays: 5, manufacturingSecurityLeadDays: 1, daysToPrepare: 3 })).toBe(9);
  });
  it('resupply = transfer delay', () => {
    expect(leadDays({ route: 'resupply', transferDelayDays: 4 })).toBe(4);
  });
  it('refuses fractional days', () => {
    expect(() => leadDays({ route: 'buy', vendorLeadDays: 1.5 })).toThrow(InvalidDateError);
  });
});

describe('end of the lead days date in the warehouse time zone', () => {
  it('is 23:59:59.999 local time', () => {
    const r = leadDaysDate('2026-06-01', 10, 'Europe/Brussels');
    expect(r.date).toBe('2026-06-11');
    expect(r.endOfDay.toISOString()).toBe('2026-06-11T21:59:59.999Z'); // CEST = UTC+2
    expect(endOfDay('2026-01-15', 'America/New_York').toISOString()).toBe('2026-01-16T04:59:59.999Z'); // EST
    expect(endOfDay('2026-01-15', 'UTC').toISOString()).toBe('2026-01-15T23:59:59.999Z');
    expect(endOfDay('2026-01-15', 'Asia/Kolkata').toISOString()).toBe('2026-01-15T18:29:59.999Z'); // +05:30
  });

  it('handles the days daylight saving time starts and ends (23 and 25 hour days)', () => {
    // Brussels: 2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 -> 02:00.
    expect(startOfDay('2026-03-29', 'Europe/Brussels').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(endOfDay('2026-03-29', 'Europe/Brussels').toISOString()).toBe('2026-03-29T21:59:59.999Z');
    expect(endOfDay('2026-03-29', 'Europe/Brussels').getTime() - startOfDay('2026-03-29', 'Europe/Brussels').getTime() + 1).toBe(23 * 3_600_000);
    expect(endOfDay('2026-10-25', 'Europe/Brussels').getTime() - startOfDay('2026-10-25', 'Europe/Brussels').getTime() + 1).toBe(25 * 3_600_000);
  });

  it('handles a zone whose midnight does not exist (Santiago springs forward at 00:00)', () => {
    // Chile: 2026-09-06 00:00 -> 01:00 local; the day starts at 01:00 (-03:00) = 04:00Z.
    expect(startOfDay('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(endOfDay('2026-09-05', 'America/Santiago').toISOString()).toBe('2026-09-06T03:59:59.999Z');
  });

  it('gives today in the warehouse calendar', () => {
    const instant = new Date('2026-06-01T23:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-06-01');
    expect(localDate(instant, 'Europe/Brussels')).toBe('2026-06-02');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-06-01');
  });

  it('refuses an unknown time zone', () => {
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(InvalidTimeZoneError);
  });

  it('hands out copies of cached instants', () => {
    const a = endOfDay('2026-07-01', 'UTC');
    a.setTime(0);
    expect(endOfDay('2026-07-01', 'UTC').toISOString()).toBe('2026-07-01T23:59:59.999Z');
  });
});

describe('draft order dates', () => {
  it('purchase: planned = need - security lead time, order = planned - vendor lead time', () => {
    expect(draftDates({ needDate: '2026-06-20', securityLeadDays: 2, vendorLeadDays: 7 })).toEqual({
      needDate: '2026-06-20',
      plannedDate: '2026-06-18',
      orderDate: '2026-06-11',
    });
  });
  it('manufacturing: start = planned finish - production delay', () => {
    expect(draftDates({ needDate: '2026-06-20', securityLeadDays: 1, productionDelayDays: 5 })).toEqual({
      needDate: '2026-06-20',
      plannedDate: '2026-06-19',
      manufacturingStartDate: '2026-06-14',
    });
  });
  it('sales delivery = commitment date, or order date + customer lead time, minus sales security lead time', () => {
    expect(salesDeliveryDate({ orderDate: '2026-06-01', customerLeadDays: 10, salesSecurityLeadDays: 2 })).toBe('2026-06-09');
    expect(salesDeliveryDate({ orderDate: '2026-06-01', commitmentDate: '2026-07-01', customerLeadDays: 10, salesSecurityLeadDays: 2 })).toBe('2026-06-29');
  });
});
