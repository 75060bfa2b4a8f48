import {
  InvalidDateError, NegativeQuantityError, dec, defineUom, selectSupplier, type Decimal, type SupplierInfo,
} from '../index.js';

const units = defineUom({ code: 'Units', category: 'unit' });
const dozens = defineUom({ code: 'Dozens', category: 'unit', factor: '12' });
const kg = defineUom({ code: 'kg', category: 'weight', rounding: '0.001' });

interface Row extends SupplierInfo {
  readonly id: string;
  readonly leadTimeDays: number;
}

function info(vendorId: string, sequence: number, minQty: string, price = '1', extra: Partial<Row> = {}): Row {
  return { id: `SI-${vendorId}-${sequence}-${minQty}`, vendorId, sequence, minQty: dec(minQty), price: dec(price), leadTimeDays: 3, ...extra };
}

const q = (s: string): Decimal => dec(s);

describe('selectSupplier (Odoo 17 _select_seller and _run_buy, decision domain-008)', () => {
  // V-A is preferred by sequence but sells at least 100; V-B at least 10; V-C anything.
  const infos = [info('V-C', 30, '0'), info('V-A', 10, '100'), info('V-B', 20, '10')];

  it('chooses the first by sequence whose minimum the quantity meets', () => {
    expect(selectSupplier(infos, { quantity: q('150') })).toMatchObject({ supplier: { vendorId: 'V-A' }, reason: 'minimum-met' });
    expect(selectSupplier(infos, { quantity: q('100') })?.supplier.vendorId).toBe('V-A'); // at the minimum meets it
    expect(selectSupplier(infos, { quantity: q('99') })?.supplier.vendorId).toBe('V-B');
    expect(selectSupplier(infos, { quantity: q('10') })?.supplier.vendorId).toBe('V-B');
    expect(selectSupplier(infos, { quantity: q('9.5') })?.supplier.vendorId).toBe('V-C');
  });

  it('without a quantity (lead days), chooses the first by sequence whatever its minimum', () => {
    expect(selectSupplier(infos)).toMatchObject({ supplier: { vendorId: 'V-A' }, reason: 'no-quantity', comparedQuantity: null });
    expect(selectSupplier(infos, { quantity: null })?.supplier.vendorId).toBe('V-A');
  });

  it('falls back on the first by sequence when no minimum is met, as Odoo does', () => {
    const r = selectSupplier([info('V-A', 10, '100'), info('V-B', 20, '10')], { quantity: q('5') });
    expect(r).toMatchObject({ supplier: { vendorId: 'V-A' }, reason: 'fallback' });
    expect(r?.comparedQuantity?.toString()).toBe('5');
  });

  it('returns the caller row itself, extra fields included', () => {
    const r = selectSupplier(infos, { quantity: q('50') });
    expect(r?.supplier).toBe(infos[2]);
    expect(r?.supplier.leadTimeDays).toBe(3);
  });

  it('returns null only when the product has no supplier info', () => {
    expect(selectSupplier([], { quantity: q('5') })).toBeNull();
    expect(selectSupplier([])).toBeNull();
  });

  describe('preferred vendor', () => {
    it('is chosen whatever the quantity, its minimum not checked (Odoo: the orderpoint supplier)', () => {
      expect(selectSupplier(infos, { quantity: q('1'), preferredVendorId: 'V-A' })).toMatchObject({ supplier: { vendorId: 'V-A' }, reason: 'preferred' });
      expect(selectSupplier(infos, { preferredVendorId: 'V-C' })).toMatchObject({ supplier: { vendorId: 'V-C' }, reason: 'preferred' });
    });

    it('gives null when that vendor does not supply the product', () => {
      expect(selectSupplier(infos, { quantity: q('150'), preferredVendorId: 'V-X' })).toBeNull();
    });

    it('null or absent means no preference', () => {
      expect(selectSupplier(infos, { quantity: q('50'), preferredVendorId: null })?.reason).toBe('minimum-met');
    });
  });

  describe('units: minimums are in the purchase UoM when the product has one', () => {
    // Bought by the dozen: V-A sells at least 4 dozens, V-B anything.
    const byDozen = [info('V-A', 10, '4'), info('V-B', 20, '0')];

    it('compares the quantity converted into the purchase UoM, half-up (what the line will say)', () => {
      const at = (quantity: string) => selectSupplier(byDozen, { quantity: q(quantity), uom: units, purchaseUom: dozens });
      expect(at('48')).toMatchObject({ supplier: { vendorId: 'V-A' }, reason: 'minimum-met' });
      expect(at('48')?.comparedQuantity?.toString()).toBe('4');
      expect(at('42')?.supplier.vendorId).toBe('V-A'); // 3.5 dozens: 4 half-up
      expect(at('41')?.supplier.vendorId).toBe('V-B'); // 3.42 dozens: 3 (Odoo's UP rounding would say 4)
      expect(at('41')?.comparedQuantity?.toString()).toBe('3');
      expect(at('4')?.supplier.vendorId).toBe('V-B'); // never compared as 4 units against 4 dozens
    });

    it('without a purchase UoM, minimums are in the stock UoM, compared at its step', () => {
      const kilos = [info('V-A', 10, '20'), info('V-B', 20, '0')];
      expect(selectSupplier(kilos, { quantity: q('19.9996'), uom: kg })?.supplier.vendorId).toBe('V-A'); // 20 at step 0.001
      expect(selectSupplier(kilos, { quantity: q('19.9994'), uom: kg })?.supplier.vendorId).toBe('V-B');
      expect(selectSupplier(kilos, { quantity: q('19.9996'), uom: kg, purchaseUom: null })?.supplier.vendorId).toBe('V-A');
    });

    it('without any unit, compares exactly', () => {
      const kilos = [info('V-A', 10, '20'), info('V-B', 20, '0')];
      expect(selectSupplier(kilos, { quantity: q('19.9999') })?.supplier.vendorId).toBe('V-B');
      expect(selectSupplier(kilos, { quantity: q('20') })?.supplier.vendorId).toBe('V-A');
    });

    it('takes the quantity as already in the purchase UoM when only the purchase UoM is given', () => {
      expect(selectSupplier(byDozen, { quantity: q('4'), purchaseUom: dozens })?.supplier.vendorId).toBe('V-A');
    });
  });

  describe('order', () => {
    it('sequence first, then price, then vendor id; never the input order', () => {
      const tied = [info('V-B', 10, '0', '5'), info('V-C', 10, '0', '4'), info('V-A', 10, '0', '4')];
      expect(selectSupplier(tied)?.supplier.vendorId).toBe('V-A');
      expect(selectSupplier([...tied].reverse())?.supplier.vendorId).toBe('V-A');
      expect(selectSupplier([info('V-Z', 1, '0', '9'), ...tied])?.supplier.vendorId).toBe('V-Z');
    });

    it('among one vendor\'s qualifying infos (price breaks), the cheapest', () => {
      const breaks = [info('V-A', 10, '0', '10'), info('V-A', 11, '100', '8'), info('V-B', 20, '0', '9')];
      expect(selectSupplier(breaks, { quantity: q('150') })?.supplier.price.toString()).toBe('8');
      expect(selectSupplier(breaks, { quantity: q('50') })?.supplier.price.toString()).toBe('10');
      // V-B as early as V-A and cheaper: V-B is the first qualifying vendor, whatever V-A's later breaks.
      expect(selectSupplier([...breaks, info('V-B', 10, '0', '9.5')], { quantity: q('150') })?.supplier.vendorId).toBe('V-B');
    });
  });

  describe('dates', () => {
    const dated = [
      info('V-A', 10, '0', '1', { dateStart: '2026-04-01' }),
      info('V-B', 20, '0', '1', { dateEnd: '2026-03-31' }),
      info('V-C', 30, '0', '1', { dateStart: null, dateEnd: null }),
    ];

    it('skips infos not valid on the date, both ends inclusive', () => {
      expect(selectSupplier(dated, { quantity: q('1'), date: '2026-03-31' })?.supplier.vendorId).toBe('V-B');
      expect(selectSupplier(dated, { quantity: q('1'), date: '2026-04-01' })?.supplier.vendorId).toBe('V-A');
      expect(selectSupplier(dated, { date: '2026-03-15' })).toMatchObject({ supplier: { vendorId: 'V-B' }, reason: 'no-quantity' });
      expect(selectSupplier(dated)?.supplier.vendorId).toBe('V-A'); // no date: no date check
    });

    it('falls back ignoring dates when nothing is valid', () => {
      const expired = [info('V-B', 20, '0', '1', { dateEnd: '2026-01-31' }), info('V-A', 10, '0', '1', { dateEnd: '2026-01-31' })];
      expect(selectSupplier(expired, { quantity: q('1'), date: '2026-03-01' })).toMatchObject({ supplier: { vendorId: 'V-A' }, reason: 'fallback' });
    });

    it('refuses an invalid date', () => {
      expect(() => selectSupplier(dated, { date: '2026-02-30' })).toThrow(InvalidDateError);
    });
  });

  it('refuses a negative quantity', () => {
    expect(() => selectSupplier(infos, { quantity: q('-1') })).toThrow(NegativeQuantityError);
  });
});
