import fc from 'fast-check';
import { Decimal, NegativeQuantityError, UomCategoryMismatchError, dec, defineUom, purchaseQuantity } from '../index.js';

const units = defineUom({ code: 'Units', category: 'unit' });
const dozens = defineUom({ code: 'Dozens', category: 'unit', factor: '12' });
const kg = defineUom({ code: 'kg', category: 'weight', rounding: '0.001' });
const g = defineUom({ code: 'g', category: 'weight', factor: '0.001' });
const t = defineUom({ code: 't', category: 'weight', factor: '1000', rounding: '0.01' });

describe('purchaseQuantity: a draft line in the purchase UoM, converted half-up', () => {
  it('converts into the purchase UoM, half-up at its step', () => {
    expect(purchaseQuantity(dec('24'), units, dozens)).toEqual({ quantity: dec('2'), uom: dozens });
    expect(purchaseQuantity(dec('30'), units, dozens).quantity.toString()).toBe('3'); // 2.5: half-up
    expect(purchaseQuantity(dec('29'), units, dozens).quantity.toString()).toBe('2'); // 2.416...
    expect(purchaseQuantity(dec('40'), units, dozens).quantity.toString()).toBe('3'); // 3.333...: below the stock quantity
    expect(purchaseQuantity(dec('5'), units, dozens).quantity.toString()).toBe('0'); // 0.416...
    expect(purchaseQuantity(dec('6'), units, dozens).quantity.toString()).toBe('1'); // 0.5
  });

  it('rounds at the purchase step, not to whole units', () => {
    expect(purchaseQuantity(dec('1234.5678'), kg, t).quantity.toString()).toBe('1.23'); // 1.2345678 t at step 0.01
    expect(purchaseQuantity(dec('1235'), kg, t).quantity.toString()).toBe('1.24'); // 1.235: half-up, not to even
    expect(purchaseQuantity(dec('2.0005'), g, kg).quantity.toString()).toBe('0.002'); // 0.0020005 kg
    expect(purchaseQuantity(dec('0.0125'), kg, g).quantity.toString()).toBe('13'); // 12.5 g
  });

  it('keeps the stock quantity and unit when the product has no purchase UoM', () => {
    const r = purchaseQuantity(dec('12.5'), kg, null);
    expect(r.uom).toBe(kg);
    expect(r.quantity.toString()).toBe('12.5');
  });

  it('returns the domain Decimal, zero included', () => {
    const r = purchaseQuantity(dec('0'), units, dozens);
    expect(r.quantity).toBeInstanceOf(Decimal);
    expect(r.quantity.isZero()).toBe(true);
  });

  it('refuses a negative quantity and units of different categories', () => {
    expect(() => purchaseQuantity(dec('-1'), units, dozens)).toThrow(NegativeQuantityError);
    expect(() => purchaseQuantity(dec('1'), units, kg)).toThrow(UomCategoryMismatchError);
  });

  it('is never more than half a purchase step away from the stock quantity (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 3 }), (units1000, scale) => {
        const quantity = new Decimal(units1000).dividedBy(10 ** scale);
        const r = purchaseQuantity(quantity, units, dozens);
        const back = r.quantity.times(12); // in units
        expect(back.minus(quantity).abs().lte(6)).toBe(true); // half a dozen
        expect(r.quantity.isInteger()).toBe(true); // at the Dozens step
      }),
    );
  });
});
