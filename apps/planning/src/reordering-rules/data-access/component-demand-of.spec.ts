import { DraftBom } from '../../draft-orders/index.js';
import { dec, defineUom } from '../../shared/domain.js';
import { componentDemandOf, type ComponentRow } from './projection.repository.js';

const units = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const kg = { code: 'kg', category: 'weight', factor: '1', rounding: '0.001' };
const row = (line: string, date: string, quantity: string, per: string, output: string, uom = units): ComponentRow => ({ line, date, quantity, per, output, uom });

// Decision planning-009: the projection (componentDemandOf) and the published draft (DraftBom.componentsOf) count a
// component's consumption with the same libs/domain formula, so inventory's outgoing replaces planning's exactly.
describe('component demand in the projection and in the published draft', () => {
  it('one dated quantity per manufacturing draft line: quantity x per / output, rounded up at the component step', () => {
    expect(componentDemandOf('c', [row('L1', '2030-01-08', '7', '3', '2'), row('L2', '2030-02-01', '4', '3', '2')])).toEqual([
      { date: '2030-01-08', quantity: '11' }, // 10.5
      { date: '2030-02-01', quantity: '6' },
    ]);
    expect(componentDemandOf('k', [row('L1', '2030-01-08', '7', '0.1', '2', kg)])).toEqual([{ date: '2030-01-08', quantity: '0.35' }]);
  });

  it('a component on two BOM lines is summed before rounding, like the published draft', () => {
    expect(componentDemandOf('c', [row('L1', '2030-01-08', '3', '1', '4'), row('L1', '2030-01-08', '3', '1', '4')])).toEqual([{ date: '2030-01-08', quantity: '2' }]);
    const bom = new DraftBom('B1', 'made', '4', [
      { productId: 'c', quantity: '1', uom: defineUom(units) }, { productId: 'c', quantity: '1', uom: defineUom(units) }, { productId: 'k', quantity: '0.5', uom: defineUom(kg) },
    ]);
    expect(bom.componentsOf('made', dec('3'))).toEqual([{ productId: 'c', quantity: '2', uom: 'Units' }, { productId: 'k', quantity: '0.375', uom: 'kg' }]);
  });

  it('nothing for a line of another product, a zero line, or no rows', () => {
    const bom = new DraftBom('B1', 'made', '1', [{ productId: 'c', quantity: '3', uom: defineUom(units) }]);
    expect(bom.componentsOf('other', dec('3'))).toBeUndefined();
    expect(bom.componentsOf('made', dec('0'))).toEqual([]);
    expect(componentDemandOf('c', [row('L1', '2030-01-08', '0', '3', '1')])).toEqual([]);
    expect(componentDemandOf('c', [])).toEqual([]);
  });
});
