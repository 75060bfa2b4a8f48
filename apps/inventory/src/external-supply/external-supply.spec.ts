import type { ProductUoms } from '../products/index.js';
import { InventoryInputError } from '../shared/errors.js';
import { externalReferenceId, referenceIdOf, wireReferenceOf } from '../stock/index.js';
import { plannedFromAnnouncement, plannedFromPlacedOrder, type Announcement, type PlacedOrder } from './external-supply.js';

const unit = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const dozen = { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' };
const bolts: ProductUoms = { productId: 'BOLT', stockUom: unit, uoms: [unit, dozen] };
const nuts: ProductUoms = { productId: 'NUT', stockUom: unit, uoms: [unit, dozen] };
const lookup = (id: string) => ({ BOLT: bolts, NUT: nuts })[id];
const row = (s: { referenceType: string; referenceId: string; productId: string; warehouseId: string; direction: string; date: string; quantity: { toString(): string } }) =>
  [s.referenceType, s.referenceId, s.productId, s.warehouseId, s.direction, s.date, s.quantity.toString()];

const asn: Announcement = { sourceSystem: 'wms', externalRef: 'ASN-1', kind: 'receipt', productId: 'BOLT', warehouseId: 'WH1', quantity: '2', uom: 'Dozens', date: '2026-03-10' };

describe('planned moves of warehouse systems (decision inventory-004)', () => {
  it('a receipt is incoming, a delivery outgoing, in the stock UoM, under the planned-move reference of its source system', () => {
    const ref = externalReferenceId('wms', 'ASN-1');
    expect(plannedFromAnnouncement(asn, lookup).map(row)).toEqual([['planned-move', ref, 'BOLT', 'WH1', 'in', '2026-03-10', '24']]);
    expect(plannedFromAnnouncement({ ...asn, kind: 'delivery' }, lookup).map((s) => s.direction)).toEqual(['out']);
    expect(plannedFromAnnouncement(asn, lookup)[0]?.source).toEqual({ system: 'wms', ref: 'ASN-1' });
  });

  it('an internal move is outgoing at its warehouse, and incoming at toWarehouseId when it names one', () => {
    expect(plannedFromAnnouncement({ ...asn, kind: 'internal' }, lookup).map((s) => [s.warehouseId, s.direction])).toEqual([['WH1', 'out']]);
    expect(plannedFromAnnouncement({ ...asn, kind: 'internal', toWarehouseId: 'WH2' }, lookup).map((s) => [s.warehouseId, s.direction])).toEqual([['WH1', 'out'], ['WH2', 'in']]);
  });

  it('refuses an unknown product or a UoM the product does not have, naming the field', () => {
    expect(() => plannedFromAnnouncement({ ...asn, productId: 'NOPE' }, lookup)).toThrow(expect.objectContaining({ field: 'productId' }));
    expect(() => plannedFromAnnouncement({ ...asn, uom: 'kg' }, lookup)).toThrow(InventoryInputError);
  });

  it('names a reference by its system and id together, never ambiguously', () => {
    expect(externalReferenceId('a/b', 'c')).not.toBe(externalReferenceId('a', 'b/c'));
    expect(referenceIdOf({ type: 'planned-move', id: 'ASN-1', sourceSystem: 'wms' })).toBe(externalReferenceId('wms', 'ASN-1'));
    expect(referenceIdOf({ type: 'draft-order', id: 'D1' })).toBe('D1');
    expect(wireReferenceOf('planned-move', externalReferenceId('a/b:c', 'x/y'))).toEqual({ type: 'planned-move', id: 'x/y', sourceSystem: 'a/b:c' });
    expect(wireReferenceOf('draft-order', 'D1')).toEqual({ type: 'draft-order', id: 'D1' });
  });
});

describe('orders placed without a draft', () => {
  const mo: PlacedOrder = {
    sourceSystem: 'mes', orderRef: 'MO-1', status: 'confirmed', warehouseId: 'WH1', startDate: '2026-03-04',
    lines: [{ productId: 'BOLT', quantity: '5', uom: 'Units', plannedDate: '2026-03-08', components: [{ productId: 'NUT', quantity: '1', uom: 'Dozens' }] }],
  };

  it('a manufacturing order is incoming, its components outgoing on its start date, like a confirmed draft', () => {
    const ref = externalReferenceId('mes', 'MO-1');
    expect(plannedFromPlacedOrder('manufacturing', mo, lookup).map(row)).toEqual([
      ['external-order', ref, 'BOLT', 'WH1', 'in', '2026-03-08', '5'],
      ['external-order', ref, 'NUT', 'WH1', 'out', '2026-03-04', '12'],
    ]);
  });

  it('a transfer is also outgoing at its source; a purchase order ignores components; a cancelled order plans nothing', () => {
    expect(plannedFromPlacedOrder('transfer', { ...mo, sourceWarehouseId: 'WH2', lines: [{ ...mo.lines[0]!, components: undefined }] }, lookup)
      .map((s) => [s.warehouseId, s.direction])).toEqual([['WH1', 'in'], ['WH2', 'out']]);
    expect(plannedFromPlacedOrder('purchase', mo, lookup).map((s) => s.direction)).toEqual(['in']);
    expect(plannedFromPlacedOrder('purchase', { ...mo, status: 'cancelled' }, lookup)).toEqual([]);
  });
});
