import { dec, defineUom, purchaseLineQuantity } from '../index.js';

const units = defineUom({ code: 'Units', category: 'unit' });
const dozens = defineUom({ code: 'Dozens', category: 'unit', factor: '12' });
const kg = defineUom({ code: 'kg', category: 'weight' });
const shown = (r: ReturnType<typeof purchaseLineQuantity>) => r && [r.quantity.toString(), r.uom.code];

describe('a purchase line in the purchase UoM', () => {
  it('given a line in the stock UoM, when the product is bought by the dozen, then it is converted half-up', () => {
    expect(shown(purchaseLineQuantity(dec('40'), units, dozens))).toEqual(['3', 'Dozens']);
    expect(shown(purchaseLineQuantity(dec('42'), units, dozens))).toEqual(['4', 'Dozens']);
  });

  it('given a line already in the purchase UoM, then it is kept as it is', () => {
    expect(shown(purchaseLineQuantity(dec('2'), defineUom({ code: 'Dozens', category: 'Dozens' }), dozens))).toEqual(['2', 'Dozens']);
  });

  it('given no purchase UoM, or a line in a unit of another category, then there is no purchase quantity', () => {
    expect(purchaseLineQuantity(dec('40'), units, null)).toBeUndefined();
    expect(purchaseLineQuantity(dec('40'), kg, dozens)).toBeUndefined();
  });
});
