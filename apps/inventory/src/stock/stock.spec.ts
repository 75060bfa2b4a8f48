import type { LocationInfo } from '../warehouses/index.js';
import { InventoryInputError } from '../shared/errors.js';
import { Decimal } from '../shared/quantities.js';
import { moveEffects, sumByKey, type ResolvedMove } from './move-effects.js';
import { buildPosition, forecastDays, remainingOf } from './position.js';

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
