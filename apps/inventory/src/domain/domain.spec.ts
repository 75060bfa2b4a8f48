import { InventoryInputError } from './errors.js';
import { isUnderStock, stockLocationCode, type LocationInfo } from './locations.js';
import { moveEffects, sumByKey, type ResolvedMove } from './move-effects.js';
import { plannedFromDraft, plannedFromSalesLines } from './planned-moves.js';
import { buildPosition, forecastDays, remainingOf } from './position.js';
import { toStockQuantity, type ProductUoms } from './product-uom.js';
import { Decimal } from './quantities.js';

const unit = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const dozen = { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' };
const kg = { code: 'kg', category: 'weight', factor: '1', rounding: '0.001' };
const g = { code: 'g', category: 'weight', factor: '0.001', rounding: '1' };
const bolts: ProductUoms = { productId: 'BOLT', stockUom: unit, uoms: [unit, dozen] };
const flour: ProductUoms = { productId: 'FLOUR', stockUom: kg, uoms: [kg, g] };
const lookup = (id: string) => ({ BOLT: bolts, FLOUR: flour })[id];

const loc = (id: number, code: string, warehouseId: string | null, isStock: boolean): LocationInfo => ({ id, code, warehouseId, isStock });
const vendor = loc(1, 'virtual/vendor', null, false);
const customer = loc(2, 'virtual/customer', null, false);
const transit = loc(3, 'virtual/transit', null, false);
const wh1 = loc(10, 'WH1/Stock', 'WH1', true);
const wh1Shelf = loc(11, 'WH1/Stock/Shelf 1', 'WH1', true);
const wh1Input = loc(12, 'WH1/Input', 'WH1', false);
const wh2 = loc(20, 'WH2/Stock', 'WH2', true);

const move = (over: Partial<ResolvedMove>): ResolvedMove => ({
  moveId: 'M1', kind: 'receipt', productId: 'BOLT', quantity: new Decimal(5), from: vendor, to: wh1, ...over,
});
const str = (d: Decimal) => d.toString();

describe('locations', () => {
  it('counts the stock location and everything below it, not the warehouse view or its siblings', () => {
    expect(stockLocationCode('WH1')).toBe('WH1/Stock');
    expect(isUnderStock('WH1/Stock', 'WH1')).toBe(true);
    expect(isUnderStock('WH1/Stock/Shelf 1/Bin 3', 'WH1')).toBe(true);
    expect(isUnderStock('WH1/Stockroom', 'WH1')).toBe(false);
    expect(isUnderStock('WH1/Input', 'WH1')).toBe(false);
    expect(isUnderStock('WH10/Stock', 'WH1')).toBe(false);
  });
});

describe('moveEffects', () => {
  it('receipt: into the warehouse, settles incoming', () => {
    const e = moveEffects(move({ reference: { type: 'draft-order', id: 'D1' } }));
    expect(e.locations.map((l) => [l.locationId, str(l.delta)])).toEqual([[1, '-5'], [10, '5']]);
    expect(e.warehouses.map((w) => [w.warehouseId, str(w.delta)])).toEqual([['WH1', '5']]);
    expect(e.settlements).toEqual([expect.objectContaining({ referenceId: 'D1', warehouseId: 'WH1', direction: 'in' })]);
  });
  it('delivery: out of the warehouse, settles outgoing', () => {
    const e = moveEffects(move({ kind: 'delivery', from: wh1Shelf, to: customer, reference: { type: 'sales-order-line', id: 'L1' } }));
    expect(e.warehouses.map((w) => [w.warehouseId, str(w.delta)])).toEqual([['WH1', '-5']]);
    expect(e.settlements).toEqual([expect.objectContaining({ referenceType: 'sales-order-line', warehouseId: 'WH1', direction: 'out' })]);
  });
  it('internal move inside one warehouse stock changes locations only', () => {
    const e = moveEffects(move({ kind: 'internal', from: wh1, to: wh1Shelf, reference: { type: 'draft-order', id: 'D1' } }));
    expect(e.locations).toHaveLength(2);
    expect(e.warehouses).toEqual([]);
    expect(e.settlements).toEqual([]);
  });
  it('a move from a non-stock location of the warehouse into its stock enters the stock', () => {
    const e = moveEffects(move({ kind: 'internal', from: wh1Input, to: wh1 }));
    expect(e.warehouses.map((w) => [w.warehouseId, str(w.delta)])).toEqual([['WH1', '5']]);
  });
  it('transfer legs: out of WH2 into transit settles the outgoing at WH2; transit into WH1 the incoming at WH1', () => {
    const out = moveEffects(move({ kind: 'internal', from: wh2, to: transit, reference: { type: 'draft-order', id: 'T1' } }));
    expect(out.settlements.map((s) => [s.warehouseId, s.direction])).toEqual([['WH2', 'out']]);
    const inn = moveEffects(move({ kind: 'internal', from: transit, to: wh1, reference: { type: 'draft-order', id: 'T1' } }));
    expect(inn.settlements.map((s) => [s.warehouseId, s.direction])).toEqual([['WH1', 'in']]);
  });
  it('refuses a move whose two locations are the same', () => {
    expect(() => moveEffects(move({ from: wh1, to: wh1 }))).toThrow(InventoryInputError);
  });
  it('sumByKey merges deltas of one key, sorted by key', () => {
    const r = sumByKey([{ k: 'b', delta: new Decimal(1) }, { k: 'a', delta: new Decimal(2) }, { k: 'b', delta: new Decimal('-0.5') }], (x) => x.k);
    expect(r.map((x) => [x.k, str(x.delta)])).toEqual([['a', '2'], ['b', '0.5']]);
  });
});

describe('toStockQuantity', () => {
  it('converts within the category into the stock UoM, rounding half-up at its step', () => {
    expect(str(toStockQuantity(bolts, '2', 'Dozens'))).toBe('24');
    expect(str(toStockQuantity(flour, '1500', 'g'))).toBe('1.5');
    expect(str(toStockQuantity(flour, '1.0005', 'kg'))).toBe('1.001');
  });
  it('refuses a UoM outside the category or unknown', () => {
    expect(() => toStockQuantity(bolts, '1', 'kg')).toThrow(/not a UoM of product BOLT/);
    const odd: ProductUoms = { productId: 'X', stockUom: unit, uoms: [unit, kg] };
    expect(() => toStockQuantity(odd, '1', 'kg')).toThrow(/outside product X's category unit/);
  });
  it('refuses a quantity that rounds to zero, unless zero is allowed', () => {
    expect(() => toStockQuantity(flour, '0.0004', 'kg')).toThrow(/is zero in the stock UoM/);
    expect(str(toStockQuantity(flour, '0', 'kg', 'quantity', true))).toBe('0');
  });
});

describe('planned moves', () => {
  it('sales lines become outgoing on their delivery date, in the stock UoM', () => {
    const p = plannedFromSalesLines('SO1', [{ lineId: 'L1', productId: 'BOLT', warehouseId: 'WH1', quantity: '2', uom: 'Dozens', deliveryDate: '2026-03-01' }], lookup);
    expect(p).toEqual([expect.objectContaining({ referenceType: 'sales-order-line', referenceId: 'L1', direction: 'out', date: '2026-03-01', salesOrderId: 'SO1' })]);
    expect(str(p[0].quantity)).toBe('24');
  });
  it('refuses an unknown product', () => {
    expect(() => plannedFromSalesLines('SO1', [{ lineId: 'L1', productId: 'NOPE', warehouseId: 'WH1', quantity: '2', uom: 'Units', deliveryDate: '2026-03-01' }], lookup))
      .toThrow(/unknown product NOPE/);
  });
  it('a purchase draft is incoming; a transfer draft is also outgoing at its source; lines of one product merge', () => {
    const purchase = plannedFromDraft({ draftOrderId: 'D1', type: 'purchase', warehouseId: 'WH1', lines: [
      { productId: 'BOLT', quantity: '10', uom: 'Units', plannedDate: '2026-03-05' },
      { productId: 'BOLT', quantity: '1', uom: 'Dozens', plannedDate: '2026-03-02' },
    ] }, lookup);
    expect(purchase.map((s) => [s.warehouseId, s.direction, s.date, str(s.quantity)])).toEqual([['WH1', 'in', '2026-03-02', '22']]);
    const transfer = plannedFromDraft({ draftOrderId: 'T1', type: 'transfer', warehouseId: 'WH1', sourceWarehouseId: 'WH2', lines: [
      { productId: 'FLOUR', quantity: '500', uom: 'g', plannedDate: '2026-03-05' },
    ] }, lookup);
    expect(transfer.map((s) => [s.warehouseId, s.direction, str(s.quantity)])).toEqual([['WH1', 'in', '0.5'], ['WH2', 'out', '0.5']]);
    expect(() => plannedFromDraft({ draftOrderId: 'T2', type: 'transfer', warehouseId: 'WH1', lines: [] }, lookup)).toThrow(/sourceWarehouseId/);
  });
  it('a manufacturing draft is incoming; its components are outgoing at its warehouse on the manufacturing start (orderDate), in their stock UoM', () => {
    const mo = {
      draftOrderId: 'MO1', type: 'manufacturing' as const, warehouseId: 'WH1', orderDate: '2026-03-01',
      lines: [{ productId: 'BOLT', quantity: '4', uom: 'Units', plannedDate: '2026-03-03', components: [
        { productId: 'FLOUR', quantity: '1500', uom: 'g' }, { productId: 'FLOUR', quantity: '0.25', uom: 'kg' },
      ] }],
    };
    const planned = plannedFromDraft(mo, lookup);
    expect(planned.map((s) => [s.referenceId, s.productId, s.warehouseId, s.direction, s.date, str(s.quantity)])).toEqual([
      ['MO1', 'BOLT', 'WH1', 'in', '2026-03-03', '4'],
      ['MO1', 'FLOUR', 'WH1', 'out', '2026-03-01', '1.75'],
    ]);
    // without an order date: consumed on the line's planned date
    const { orderDate: _o, ...undated } = mo;
    expect(plannedFromDraft(undated, lookup).find((s) => s.direction === 'out')?.date).toBe('2026-03-03');
    // components on other drafts are not consumption: ignored
    expect(plannedFromDraft({ ...mo, type: 'purchase' }, lookup).map((s) => s.direction)).toEqual(['in']);
  });
  it('refuses an unknown component or a UoM it does not have, naming the field', () => {
    const mo = (c: { productId: string; quantity: string; uom: string }) => ({
      draftOrderId: 'MO2', type: 'manufacturing' as const, warehouseId: 'WH1', lines: [{ productId: 'BOLT', quantity: '1', uom: 'Units', plannedDate: '2026-03-03', components: [c] }],
    });
    expect(() => plannedFromDraft(mo({ productId: 'NOPE', quantity: '1', uom: 'Units' }), lookup)).toThrow(expect.objectContaining({ field: 'lines.0.components.0.productId' }));
    expect(() => plannedFromDraft(mo({ productId: 'FLOUR', quantity: '1', uom: 'Units' }), lookup)).toThrow(InventoryInputError);
  });
});

describe('position', () => {
  const row = (direction: 'in' | 'out', date: string | null, planned: string | null, done: string, open = true) => ({ direction, date, planned, done, open });
  it('remaining = planned - done, never negative; nothing while only the done part is known or once cancelled', () => {
    expect(str(remainingOf(row('in', '2026-03-01', '10', '4')))).toBe('6');
    expect(str(remainingOf(row('in', '2026-03-01', '10', '12')))).toBe('0');
    expect(str(remainingOf(row('in', null, null, '4')))).toBe('0');
    expect(str(remainingOf(row('in', '2026-03-01', '10', '0', false)))).toBe('0');
  });
  it('groups remaining quantities by date, sorted, without zero dates', () => {
    const p = buildPosition('7.50', [
      row('in', '2026-03-03', '5', '0'), row('in', '2026-03-01', '10', '4'), row('in', '2026-03-03', '1', '0'),
      row('out', '2026-03-02', '3', '3'), row('out', '2026-03-02', '8', '1'),
    ]);
    expect(p).toEqual({ onHand: '7.5', incoming: [{ date: '2026-03-01', quantity: '6' }, { date: '2026-03-03', quantity: '6' }], outgoing: [{ date: '2026-03-02', quantity: '7' }] });
  });
  it('forecast profile: first point carries late moves; one point per later date', () => {
    const days = forecastDays({ onHand: '10', incoming: [{ date: '2026-02-27', quantity: '1' }, { date: '2026-03-03', quantity: '6' }], outgoing: [{ date: '2026-03-02', quantity: '7' }, { date: '2026-04-30', quantity: '100' }] }, '2026-03-01', '2026-03-31');
    expect(days).toEqual([
      { date: '2026-03-01', incoming: '1', outgoing: '0', forecast: '11' },
      { date: '2026-03-02', incoming: '0', outgoing: '7', forecast: '4' },
      { date: '2026-03-03', incoming: '6', outgoing: '0', forecast: '10' },
    ]);
  });
});
