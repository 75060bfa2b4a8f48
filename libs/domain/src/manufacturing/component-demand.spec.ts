import fc from 'fast-check';
import { NegativeQuantityError, componentDemand, dec, defineUom } from '../index.js';

const units = defineUom({ code: 'Units', category: 'unit' });
const kg = defineUom({ code: 'kg', category: 'weight', rounding: '0.001' });
const show = (r: ReturnType<typeof componentDemand>) => r.map((c) => [c.productId, c.quantity.toString(), c.uom.code]);

describe('componentDemand: what a manufacturing order consumes (decision planning-009)', () => {
  it('line quantity x component quantity / BOM output quantity, in the component UoM', () => {
    const bom = { outputQuantity: '2', components: [{ productId: 'c1', quantity: '3', uom: units }, { productId: 'c2', quantity: '0.25', uom: kg }] };
    expect(show(componentDemand('7', bom))).toEqual([['c1', '11', 'Units'], ['c2', '0.875', 'kg']]); // 10.5 -> 11; 0.875 kg
    expect(show(componentDemand(dec('4'), { outputQuantity: '1', components: [{ productId: 'c', quantity: '3', uom: units }] }))).toEqual([['c', '12', 'Units']]);
  });

  it("rounds up at the component UoM's step: never plans less than the order consumes", () => {
    const bom = { outputQuantity: '3', components: [{ productId: 'u', quantity: '1', uom: units }, { productId: 'w', quantity: '1', uom: kg }] };
    expect(show(componentDemand('1', bom))).toEqual([['u', '1', 'Units'], ['w', '0.334', 'kg']]); // 0.333...
    expect(show(componentDemand('6', bom))).toEqual([['u', '2', 'Units'], ['w', '2', 'kg']]); // exact: unchanged
  });

  it('sums a component listed twice before rounding once; leaves out components that consume nothing', () => {
    const bom = { outputQuantity: '4', components: [
      { productId: 'a', quantity: '1', uom: units }, { productId: 'z', quantity: '0', uom: units }, { productId: 'a', quantity: '1', uom: units },
    ] };
    expect(show(componentDemand('3', bom))).toEqual([['a', '2', 'Units']]); // 0.75 + 0.75 = 1.5 -> 2 (not 1 + 1)
    expect(componentDemand('0', bom)).toEqual([]);
    expect(componentDemand('5', { outputQuantity: '1', components: [] })).toEqual([]);
  });

  it('refuses a negative quantity and an output quantity that is not above zero', () => {
    const c = [{ productId: 'c', quantity: '1', uom: units }];
    expect(() => componentDemand('-1', { outputQuantity: '1', components: c })).toThrow(NegativeQuantityError);
    expect(() => componentDemand('1', { outputQuantity: '0', components: c })).toThrow(/outputQuantity/);
    expect(() => componentDemand('1', { outputQuantity: '1', components: [{ productId: 'c', quantity: '-2', uom: units }] })).toThrow(/components\[0\]\.quantity/);
  });

  it('property: the demand covers the exact consumption by less than one step, and grows with the order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100000 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 1000 }), (q, per, out, more) => {
        const bom = { outputQuantity: dec(out).dividedBy(10), components: [{ productId: 'w', quantity: dec(per).dividedBy(1000), uom: kg }] };
        const exact = dec(q).times(dec(per).dividedBy(1000)).dividedBy(dec(out).dividedBy(10));
        const [d] = componentDemand(q, bom);
        const got = d?.quantity ?? dec(0);
        expect(got.gte(exact)).toBe(true);
        expect(got.minus(exact).lt(kg.rounding)).toBe(true);
        const [bigger] = componentDemand(q + more, bom);
        expect((bigger?.quantity ?? dec(0)).gte(got)).toBe(true);
      }),
    );
  });
});
