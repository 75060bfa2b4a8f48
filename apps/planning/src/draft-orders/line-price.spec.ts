import { lineAmount, priceAfterChange, withAmount } from './line-price.js';

const units = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const dozens = { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' };

describe('the price of a purchase line after a change (decision planning-024)', () => {
  it("takes the vendor's supplier info price as the catalog writes it, per the purchase UoM, else per the stock UoM", () => {
    expect(priceAfterChange({ price: '2.50' }, { stockUom: units, purchaseUom: null }, undefined)).toEqual({ unitPrice: '2.50', priceUom: 'Units' });
    expect(priceAfterChange({ price: '30' }, { stockUom: units, purchaseUom: dozens }, undefined)).toEqual({ unitPrice: '30', priceUom: 'Dozens' });
  });

  it('re-prices a top-up with the price as it is now: the price of the last change', () => {
    expect(priceAfterChange({ price: '2.75' }, { stockUom: units, purchaseUom: null }, { unitPrice: '2.50', priceUom: 'Units' })).toEqual({ unitPrice: '2.75', priceUom: 'Units' });
  });

  it('keeps the price it had when the supplier info is gone, and has none if it never had one', () => {
    expect(priceAfterChange(undefined, { stockUom: units, purchaseUom: null }, { unitPrice: '2.50', priceUom: 'Units' })).toEqual({ unitPrice: '2.50', priceUom: 'Units' });
    expect(priceAfterChange(undefined, { stockUom: units, purchaseUom: null }, undefined)).toBeUndefined();
  });
});

describe('the amount of a purchase line', () => {
  it('is the price times the quantity in the price UoM: the purchase quantity when priced per the purchase UoM', () => {
    expect(lineAmount({ quantity: '40', uom: 'Units', purchaseQuantity: '3', purchaseUom: 'Dozens', unitPrice: '30.00', priceUom: 'Dozens' })).toBe('90');
    expect(lineAmount({ quantity: '12', uom: 'Units', unitPrice: '2.50', priceUom: 'Units' })).toBe('30');
  });

  it('rounds half-up at 6 decimals', () => {
    expect(lineAmount({ quantity: '0.5', uom: 'kg', unitPrice: '0.000001', priceUom: 'kg' })).toBe('0.000001');
    expect(lineAmount({ quantity: '0.4', uom: 'kg', unitPrice: '0.000001', priceUom: 'kg' })).toBe('0');
  });

  it('is absent without a price, or when the line is in neither the price UoM nor has its purchase quantity in it', () => {
    expect(lineAmount({ quantity: '12', uom: 'Units' })).toBeUndefined();
    expect(lineAmount({ quantity: '12', uom: 'Units', unitPrice: '30', priceUom: 'Dozens' })).toBeUndefined();
    expect(withAmount({ quantity: '12', uom: 'Units' })).toEqual({ quantity: '12', uom: 'Units' });
    expect(withAmount({ quantity: '12', uom: 'Units', unitPrice: '2.50', priceUom: 'Units' })).toMatchObject({ amount: '30' });
  });
});
