import { dec } from '@replenish/domain';
import { InvalidOrderDataError, InvalidTransitionError, LineChangeRefusedError, LineNotFoundError } from './errors.js';
import { checkLineAgainstProduct, convertForProduct, type ProductSnapshot } from './product-rules.js';
import {
  cancel,
  changeLineQuantity,
  confirm,
  deliveryDate,
  recordDelivery,
  submitDraft,
  type DraftInput,
  type LineInput,
  type SalesOrder,
} from './sales-order.js';

const now = new Date('2026-03-01T10:00:00.000Z');
const ids = () => {
  let n = 0;
  return () => `id-${++n}`;
};
const line = (over: Partial<LineInput> = {}): LineInput => ({
  lineRef: 'L1',
  productId: 'P1',
  warehouseId: 'WH1',
  quantity: dec('10'),
  uom: 'Units',
  route: 'stock',
  requestedDate: '2026-03-10',
  ...over,
});
const input = (lines: LineInput[] = [line()]): DraftInput => ({ orderRef: 'SO-1', lines });
const draft = (lines?: LineInput[]): SalesOrder => submitDraft(undefined, input(lines), ids()).order;
const confirmed = (lines?: LineInput[]): SalesOrder => confirm(draft(lines), now).order;

describe('submitDraft', () => {
  it('creates a draft with new line ids and no effect', () => {
    const out = submitDraft(undefined, input([line(), line({ lineRef: 'L2', quantity: dec('2.5') })]), ids());
    expect(out.changed).toBe(true);
    expect(out.effects).toEqual([]);
    expect(out.order.status).toBe('draft');
    expect(out.order.lines.map((l) => [l.id, l.lineRef, l.quantity.toString(), l.deliveredQuantity.toString()])).toEqual([
      ['id-2', 'L1', '10', '0'],
      ['id-3', 'L2', '2.5', '0'],
    ]);
  });

  it('replaces the draft lines, keeping the ids of lines that stay', () => {
    const d = draft([line(), line({ lineRef: 'L2' })]);
    const out = submitDraft(d, input([line({ lineRef: 'L2', quantity: dec('7') }), line({ lineRef: 'L3' })]), () => 'new');
    expect(out.changed).toBe(true);
    expect(out.order.id).toBe(d.id);
    expect(out.order.lines.map((l) => [l.id, l.lineRef, l.quantity.toString()])).toEqual([
      [d.lines[1]!.id, 'L2', '7'],
      ['new', 'L3', '10'],
    ]);
  });

  it('changes nothing when the same order is submitted again', () => {
    const d = draft();
    const out = submitDraft(d, input([line({ quantity: dec('10.000') })]), () => 'new');
    expect(out.changed).toBe(false);
    expect(out.order).toBe(d);
  });

  it('refuses to replace an order that is no longer a draft (409)', () => {
    expect(() => submitDraft(confirmed(), input(), ids())).toThrow(InvalidTransitionError);
    expect(() => submitDraft(confirmed(), input(), ids())).toThrow(/is confirmed: only a draft can be replaced/);
  });

  it.each([
    [[line(), line()], 'lines.1.lineRef'],
    [[line({ quantity: dec('0') })], 'lines.0.quantity'],
    [[line({ quantity: dec('-1') })], 'lines.0.quantity'],
    [[line({ requestedDate: '2026-02-30' })], 'lines.0.requestedDate'],
    [[line({ commitmentDate: '03/10/2026' })], 'lines.0.commitmentDate'],
    [[], 'lines'],
  ])('names the field of invalid data (%#)', (lines, field) => {
    try {
      submitDraft(undefined, input(lines), ids());
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidOrderDataError);
      expect((e as InvalidOrderDataError).field).toBe(field);
    }
  });
});

describe('confirm', () => {
  it('moves a draft to confirmed with a confirmed effect', () => {
    const out = confirm(draft(), now);
    expect(out.order.status).toBe('confirmed');
    expect(out.order.confirmedAt).toBe(now.toISOString());
    expect(out.effects).toEqual([{ kind: 'confirmed' }]);
  });

  it('is a no-op on a confirmed order', () => {
    const c = confirmed();
    expect(confirm(c, now)).toEqual({ order: c, changed: false, effects: [] });
  });

  it('refuses a cancelled order', () => {
    expect(() => confirm(cancel(draft(), null, now).order, now)).toThrow(InvalidTransitionError);
  });
});

describe('changeLineQuantity', () => {
  it('changes a draft line without effect', () => {
    const d = draft();
    const out = changeLineQuantity(d, { lineRef: 'L1' }, dec('4'), now);
    expect(out.order.lines[0]!.quantity.toString()).toBe('4');
    expect(out.effects).toEqual([]);
  });

  it('refuses zero on a draft line', () => {
    expect(() => changeLineQuantity(draft(), { lineRef: 'L1' }, dec('0'), now)).toThrow(InvalidOrderDataError);
  });

  it('grows a confirmed line and reports old and new quantity', () => {
    const c = confirmed();
    const out = changeLineQuantity(c, { lineId: c.lines[0]!.id }, dec('15'), now);
    expect(out.effects).toHaveLength(1);
    const e = out.effects[0]!;
    expect(e.kind).toBe('line-changed');
    if (e.kind === 'line-changed') {
      expect([e.lineId, e.oldQuantity.toString(), e.newQuantity.toString()]).toEqual([c.lines[0]!.id, '10', '15']);
    }
  });

  it('shrinks a confirmed line down to its delivered quantity, not below', () => {
    const c = recordDelivery(confirmed(), 'id-2', dec('4'), now).order;
    expect(changeLineQuantity(c, { lineRef: 'L1' }, dec('4'), now).order.lines[0]!.quantity.toString()).toBe('4');
    expect(() => changeLineQuantity(c, { lineRef: 'L1' }, dec('3.999'), now)).toThrow(LineChangeRefusedError);
    expect(() => changeLineQuantity(c, { lineRef: 'L1' }, dec('3'), now)).toThrow(/4 Units are already delivered/);
  });

  it('shrinks an undelivered confirmed line to zero', () => {
    const out = changeLineQuantity(confirmed(), { lineRef: 'L1' }, dec('0'), now);
    expect(out.order.status).toBe('confirmed');
    expect(out.order.lines[0]!.quantity.isZero()).toBe(true);
  });

  it('becomes done when shrunk to what is delivered on every line', () => {
    const c = recordDelivery(confirmed(), 'id-2', dec('6'), now).order;
    const out = changeLineQuantity(c, { lineRef: 'L1' }, dec('6'), now);
    expect(out.order.status).toBe('done');
    expect(out.effects.map((e) => e.kind)).toEqual(['line-changed', 'done']);
  });

  it('is a no-op for the same quantity', () => {
    const c = confirmed();
    expect(changeLineQuantity(c, { lineRef: 'L1' }, dec('10.0'), now).changed).toBe(false);
  });

  it('refuses done and cancelled orders, and unknown lines', () => {
    expect(() => changeLineQuantity(cancel(confirmed(), null, now).order, { lineRef: 'L1' }, dec('1'), now)).toThrow(InvalidTransitionError);
    const done = recordDelivery(confirmed(), 'id-2', dec('10'), now).order;
    expect(() => changeLineQuantity(done, { lineRef: 'L1' }, dec('12'), now)).toThrow(InvalidTransitionError);
    expect(() => changeLineQuantity(confirmed(), { lineRef: 'nope' }, dec('1'), now)).toThrow(LineNotFoundError);
  });
});

describe('cancel', () => {
  it('cancels a draft (wasConfirmed false) and a confirmed order (wasConfirmed true)', () => {
    expect(cancel(draft(), 'customer', now).effects).toEqual([{ kind: 'cancelled', wasConfirmed: false }]);
    const out = cancel(confirmed(), null, now);
    expect(out.order.status).toBe('cancelled');
    expect(out.effects).toEqual([{ kind: 'cancelled', wasConfirmed: true }]);
  });

  it('is a no-op on a cancelled order and refused on a done one', () => {
    const c = cancel(draft(), null, now).order;
    expect(cancel(c, null, now).changed).toBe(false);
    const done = recordDelivery(confirmed(), 'id-2', dec('10'), now).order;
    expect(() => cancel(done, null, now)).toThrow(/is done/);
  });
});

describe('recordDelivery', () => {
  it('accumulates partial deliveries and marks the order done when every line is delivered', () => {
    const c = confirmed([line(), line({ lineRef: 'L2', quantity: dec('1') })]);
    const partial = recordDelivery(c, 'id-2', dec('10'), now);
    expect(partial.order.status).toBe('confirmed');
    const done = recordDelivery(partial.order, 'id-3', dec('1'), now);
    expect(done.order.status).toBe('done');
    expect(done.effects).toEqual([{ kind: 'done' }]);
  });

  it('takes returns off the delivered quantity, never below zero', () => {
    const c = recordDelivery(confirmed(), 'id-2', dec('3'), now).order;
    expect(recordDelivery(c, 'id-2', dec('-5'), now).order.lines[0]!.deliveredQuantity.toString()).toBe('0');
  });
});

describe('deliveryDate', () => {
  it('is the commitment date, else the requested date', () => {
    expect(deliveryDate({ requestedDate: '2026-03-10', commitmentDate: '2026-03-08' })).toBe('2026-03-08');
    expect(deliveryDate({ requestedDate: '2026-03-10', commitmentDate: null })).toBe('2026-03-10');
  });
});

describe('product rules', () => {
  const product: ProductSnapshot = {
    productId: 'P1',
    active: true,
    stockUom: { code: 'Units', category: 'unit', factor: '1', rounding: '1' },
    uoms: [
      { code: 'Units', category: 'unit', factor: '1', rounding: '1' },
      { code: 'Dozens', category: 'unit', factor: '12', rounding: '0.01' },
    ],
  };
  const check = (over: Partial<LineInput>, p: ProductSnapshot | null = product) => () =>
    checkLineAgainstProduct({ productId: 'P1', uom: 'Units', quantity: dec('3'), ...over }, p ?? undefined, 'lines.0');

  it('accepts a known product in one of its UoMs', () => {
    expect(check({})).not.toThrow();
    expect(check({ uom: 'Dozens', quantity: dec('1.25') })).not.toThrow();
  });

  it.each([
    ['unknown product', {}, null, 'lines.0.productId'],
    ['inactive product', {}, { ...product, active: false }, 'lines.0.productId'],
    ['UoM outside the category', { uom: 'kg' }, product, 'lines.0.uom'],
    ['quantity off the step', { quantity: dec('2.5') }, product, 'lines.0.quantity'],
  ] as const)('refuses %s', (_name, over, p, field) => {
    expect(check(over, p)).toThrow(expect.objectContaining({ field }));
  });

  it('converts a delivery into the line UoM', () => {
    expect(convertForProduct(product, dec('24'), 'Units', 'Dozens')?.toString()).toBe('2');
    expect(convertForProduct(product, dec('1'), 'kg', 'Units')).toBeUndefined();
  });
});
