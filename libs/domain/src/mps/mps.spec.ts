import { computeMpsGrid, computeMpsRow, defineUom, MpsBomCycleError, periodIndexOf, producedIn, periodStartOf, periodStarts, type MpsSiteInput } from '../index.js';

const units = defineUom({ code: 'Units', category: 'unit' });
/** The figures of a row, column by column, as decimal strings. */
const figures = (cells: ReturnType<typeof computeMpsRow>, ...fields: (keyof ReturnType<typeof computeMpsRow>[number])[]) =>
  cells.map((c) => fields.map((f) => String(c[f])));
const site = (over: Partial<MpsSiteInput> & { productId: string }): MpsSiteInput => ({
  targets: { safetyTarget: '0', minimum: '0', maximum: null }, startingStock: '0', leadDays: 0,
  forecast: [], actualDemand: [], alreadyOrdered: [], overrides: [], ...over,
});

describe('MPS periods', () => {
  it('start on the day, the Monday of the ISO week, or the first of the month', () => {
    expect(periodStartOf('day', '2026-12-09')).toBe('2026-12-09');
    expect(periodStartOf('week', '2026-12-09')).toBe('2026-12-07');
    expect(periodStartOf('week', '2026-12-13')).toBe('2026-12-07'); // a Sunday belongs to the week before
    expect(periodStartOf('month', '2026-12-31')).toBe('2026-12-01');
    expect(periodStarts('month', '2026-11-15', 3)).toEqual(['2026-11-01', '2026-12-01', '2027-01-01']);
    expect(periodStarts('week', '2026-12-31', 2)).toEqual(['2026-12-28', '2027-01-04']);
  });

  it('put a date in its column; before the first counts in the first, past the last in none', () => {
    const starts = periodStarts('week', '2026-12-07', 3);
    expect([periodIndexOf(starts, '2026-12-28', '2026-11-01'), periodIndexOf(starts, '2026-12-28', '2026-12-20'),
      periodIndexOf(starts, '2026-12-28', '2026-12-21'), periodIndexOf(starts, '2026-12-28', '2026-12-28')]).toEqual([0, 1, 2, -1]);
  });
});

describe('one product over 6 weekly periods (computed by hand)', () => {
  const starts = periodStarts('week', '2026-12-07', 6);
  const input = site({
    productId: 'P', startingStock: '50', leadDays: 10, targets: { safetyTarget: '20', minimum: '10', maximum: '40' },
    forecast: ['30', '10', '40', '0', '70', '5'], actualDemand: ['35', undefined, '10'], alreadyOrdered: [undefined, undefined, '20'],
  });

  it('demand is the larger of forecast and actual demand; the suggestion is clamped between minimum and maximum', () => {
    // start, demand, missing (target - (start - demand)), suggested, forecasted stock
    // 1: 50 - 35 = 15, 5 missing, raised to the minimum 10 -> 25
    // 2: 25 - 10 = 15, 5 missing -> 10 -> 25
    // 3: 25 - 40 = -15, 35 missing -> 35; 20 already ordered: 15 to order -> 20
    // 4: 20 - 0 = 20, nothing missing -> 0 -> 20
    // 5: 20 - 70 = -50, 70 missing, cut to the maximum 40 -> -10
    // 6: -10 - 5 = -15, 35 missing -> 35 -> 20
    const cells = computeMpsRow(input, starts);
    expect(figures(cells, 'periodStart', 'startingStock', 'demand', 'suggested', 'alreadyOrdered', 'toReplenish', 'forecastedStock')).toEqual([
      ['2026-12-07', '50', '35', '10', '0', '10', '25'],
      ['2026-12-14', '25', '10', '10', '0', '10', '25'],
      ['2026-12-21', '25', '40', '35', '20', '15', '20'],
      ['2026-12-28', '20', '0', '0', '0', '0', '20'],
      ['2027-01-04', '20', '70', '40', '0', '40', '-10'],
      ['2027-01-11', '-10', '5', '35', '0', '35', '20'],
    ]);
    expect(cells.map((c) => c.orderDate)).toEqual(['2026-11-27', '2026-12-04', '2026-12-11', '2026-12-18', '2026-12-25', '2027-01-01']);
  });

  it('explains each suggestion in words', () => {
    const [first, , third, fourth, fifth] = computeMpsRow(input, starts);
    expect(first?.explanation.text).toContain('demand 35 (the larger of forecast 30 and actual demand 35)');
    expect(first?.explanation.text).toContain('50 - 35 - 0 = 15 against a safety target of 20: 5 missing, kept between minimum 10 and maximum 40: suggests 10');
    expect(third?.explanation.text).toContain('20 already ordered: 15 to order by 2026-12-11');
    expect(fourth?.explanation.text).toContain('nothing missing: suggests 0');
    expect(fifth?.explanation.text).toContain('forecasted stock -10');
  });

  it("an override replaces a period's suggestion and the periods after it follow", () => {
    // 2 overridden to 0: 25 - 10 = 15; 3: 15 - 40 = -25, 45 missing, cut to 40; 20 ordered: 20 to order -> 15
    const cells = computeMpsRow({ ...input, overrides: [undefined, '0'] }, starts);
    expect(figures(cells.slice(0, 4), 'suggested', 'override', 'replenishment', 'toReplenish', 'forecastedStock')).toEqual([
      ['10', 'null', '10', '10', '25'],
      ['10', '0', '0', '0', '15'],
      ['40', 'null', '40', '20', '15'],
      ['10', 'null', '10', '10', '25'], // 15 - 0 = 15, 5 missing, raised to the minimum 10
    ]);
    expect(cells[1]?.explanation.text).toContain('overridden by the planner: 0');
  });

  it('counts what is already ordered beyond the replenishment in the forecasted stock', () => {
    const [cell] = computeMpsRow({ ...input, alreadyOrdered: ['30'] }, starts);
    expect([cell?.suggested.toString(), cell?.toReplenish.toString(), cell?.forecastedStock.toString()]).toEqual(['10', '0', '45']);
  });
});

describe('a parent and its component in the schedule (computed by hand)', () => {
  const starts = periodStarts('week', '2026-12-07', 4);
  const table = site({
    productId: 'TABLE', leadDays: 7, forecast: ['0', '5', '0', '3'],
    bom: { outputQuantity: '1', components: [{ productId: 'LEG', quantity: '4', uom: units }, { productId: 'SCREW', quantity: '8', uom: units }] },
  });
  const leg = site({ productId: 'LEG', startingStock: '30', leadDays: 14, targets: { safetyTarget: '10', minimum: '0', maximum: null } });

  it("puts the parent's replenishment on the component through the BOM, moved earlier by the parent's lead time", () => {
    // TABLE replenishes 5 in week 2 and 3 in week 4; each starts 7 days earlier: 20 legs in week 1, 12 in week 3.
    // SCREW is not in the schedule: no row. LEG: 30 - 20 = 10 (target met); week 3: 10 - 12 = -2, 12 missing -> 10.
    const grid = computeMpsGrid({ period: 'week', starts, sites: [leg, table] });
    expect([...grid.keys()]).toEqual(['LEG', 'TABLE']);
    expect(figures(grid.get('TABLE') ?? [], 'replenishment')).toEqual([['0'], ['5'], ['0'], ['3']]);
    expect(figures(grid.get('LEG') ?? [], 'indirectDemand', 'suggested', 'forecastedStock', 'orderDate')).toEqual([
      ['20', '0', '10', '2026-11-23'],
      ['0', '0', '10', '2026-11-30'],
      ['12', '12', '10', '2026-12-07'],
      ['0', '0', '10', '2026-12-14'],
    ]);
    expect(grid.get('LEG')?.[2]?.explanation.text).toContain('indirect demand 12 (from TABLE 12)');
  });

  it("re-computes a component alone from its parent's row computed before (a live change)", () => {
    const whole = computeMpsGrid({ period: 'week', starts, sites: [leg, table] });
    const produced = (whole.get('TABLE') ?? []).map(producedIn);
    const alone = computeMpsGrid({ period: 'week', starts, sites: [leg], upstream: [{ productId: 'TABLE', leadDays: 7, bom: table.bom!, produced }] });
    expect(figures(alone.get('LEG') ?? [], 'indirectDemand', 'suggested')).toEqual(figures(whole.get('LEG') ?? [], 'indirectDemand', 'suggested'));
  });

  it('counts a production starting before the first column in the first, and refuses a BOM cycle', () => {
    const grid = computeMpsGrid({ period: 'week', starts, sites: [{ ...table, forecast: ['2'] }, leg] });
    expect(grid.get('LEG')?.[0]?.indirectDemand.toString()).toBe('8'); // made in week 1, started the week before
    const a = site({ productId: 'A', forecast: ['1'], bom: { outputQuantity: '1', components: [{ productId: 'B', quantity: '1', uom: units }] } });
    const b = site({ productId: 'B', bom: { outputQuantity: '1', components: [{ productId: 'A', quantity: '1', uom: units }] } });
    expect(() => computeMpsGrid({ period: 'week', starts, sites: [a, b] })).toThrow(MpsBomCycleError);
  });
});
