import { InventoryInputError } from '../shared/errors.js';
import { Decimal } from '../shared/quantities.js';
import { toStockQuantity, type ProductUoms } from '../products/index.js';
import { plannedFromDraft, plannedFromSalesLines } from './planned-moves.js';

const unit = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const dozen = { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' };
const kg = { code: 'kg', category: 'weight', factor: '1', rounding: '0.001' };
const g = { code: 'g', category: 'weight', factor: '0.001', rounding: '1' };
const bolts: ProductUoms = { productId: 'BOLT', stockUom: unit, uoms: [unit, dozen] };
const flour: ProductUoms = { productId: 'FLOUR', stockUom: kg, uoms: [kg, g] };
const lookup = (id: string) => ({ BOLT: bolts, FLOUR: flour })[id];
const str = (d: Decimal) => d.toString();

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
