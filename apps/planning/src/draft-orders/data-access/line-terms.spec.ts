import { dec, defineUom } from '../../shared/domain.js';
import { purchaseTermsOf, type LineTerms } from './line-terms.js';

const unitsJson = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const dozensJson = { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' };
const units = defineUom(unitsJson);
const terms: LineTerms = {
  purchaseUoms: new Map([
    ['by-dozen', { stockUom: unitsJson, purchaseUom: dozensJson }],
    ['by-unit', { stockUom: unitsJson, purchaseUom: null }],
  ]),
};

describe('purchase terms of a published purchase line', () => {
  it('converts the line into the purchase UoM half-up (40 Units -> 3 Dozens, 42 -> 4)', () => {
    expect(purchaseTermsOf(terms, 'by-dozen', dec('40'), units)).toEqual({ purchaseQuantity: '3', purchaseUom: 'Dozens' });
    expect(purchaseTermsOf(terms, 'by-dozen', dec('42'), units)).toEqual({ purchaseQuantity: '4', purchaseUom: 'Dozens' });
  });

  it('says nothing for a product without a purchase UoM, an unknown product, or a unit of another category', () => {
    expect(purchaseTermsOf(terms, 'by-unit', dec('40'), units)).toEqual({});
    expect(purchaseTermsOf(terms, 'unknown', dec('40'), units)).toEqual({});
    expect(purchaseTermsOf(terms, 'by-dozen', dec('40'), defineUom({ code: 'kg', category: 'weight' }))).toEqual({});
  });

  it('keeps a line already in the purchase UoM as it is', () => {
    expect(purchaseTermsOf(terms, 'by-dozen', dec('2'), defineUom({ code: 'Dozens', category: 'Dozens' }))).toEqual({ purchaseQuantity: '2', purchaseUom: 'Dozens' });
  });
});
