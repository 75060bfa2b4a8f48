import { computeMpsRow, periodStarts, type MpsCell } from '@replenish/domain';
import type { MpsTargetsRow } from './data-access/mps.repository.js';
import { FiguresJson, figuresOf, rowJson, rowView } from './mps-figures.js';

// A row whose cells share decimals in every way figuresOf reuses a text for: demand from forecast and actual demand,
// an override, what is already ordered, a target ending columns, the stock a column starts from.
const starts = periodStarts('week', '2026-12-07', 6);
const cells = computeMpsRow({
  productId: 'P', startingStock: '50.5', leadDays: 3, targets: { safetyTarget: '20', minimum: '10', maximum: '40' },
  forecast: ['30', '10', '40', '0', '70', '5'], actualDemand: ['35', undefined, '10', '0.25'], alreadyOrdered: [undefined, '60', '20'],
  overrides: [undefined, undefined, undefined, '7.5', '0'],
}, starts);
const targets: MpsTargetsRow = { productId: 'P', warehouseId: 'WH1', safetyTarget: '20', minimum: '10', maximum: '40' };

describe('a computed row as stored and answered', () => {
  it('has each cell figure as its decimal string', () => {
    const f = figuresOf(cells, 3);
    const each = (pick: (c: MpsCell) => { toString(): string }) => cells.map((c) => pick(c).toString());
    expect(f).toEqual({
      leadDays: 3, orderDates: cells.map((c) => c.orderDate), startingStock: each((c) => c.startingStock), forecast: each((c) => c.forecast),
      actualDemand: each((c) => c.actualDemand), demand: each((c) => c.demand), indirectDemand: each((c) => c.indirectDemand), suggested: each((c) => c.suggested),
      override: cells.map((c) => c.override?.toString() ?? null), replenishment: each((c) => c.replenishment), alreadyOrdered: each((c) => c.alreadyOrdered),
      toReplenish: each((c) => c.toReplenish), forecastedStock: each((c) => c.forecastedStock),
    });
    expect(f.override).toEqual([null, null, null, '7.5', '0', null]);
  });

  it('is answered as the same JSON whether spliced from its stored text or serialised from its view', () => {
    const figures = figuresOf(cells, 3);
    for (const t of [targets, { ...targets, maximum: null }]) {
      expect(rowJson('P', t, JSON.stringify(figures))).toBe(JSON.stringify(rowView({ productId: 'P', figures }, t, 0, cells.length)));
    }
  });

  it('is stored as JSON.stringify of its figures, the shared lists included', () => {
    const json = new FiguresJson();
    const quiet = computeMpsRow({
      productId: 'Q', startingStock: '0', leadDays: 3, targets: { safetyTarget: '0', minimum: '0', maximum: null },
      forecast: [], actualDemand: [], alreadyOrdered: [], overrides: [],
    }, starts);
    for (const row of [cells, quiet, cells, quiet]) expect(json.of(row, 3)).toBe(JSON.stringify(figuresOf(row, 3)));
    expect(json.of(quiet, 0)).toBe(JSON.stringify(figuresOf(quiet, 0)));
  });
});
