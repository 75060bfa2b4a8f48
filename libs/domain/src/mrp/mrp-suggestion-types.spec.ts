// One example per suggestion type and phantom case of Sage X3's "Reorder policies" page (the Suggestion type field,
// SUGTYP), each quoting the sentence it checks. The phantom's own policy says how its demand is shown and what
// reaches its components; the parent's says whether trace requirements go down at all (decision domain-010).
import { planMrp, type MrpItem, type SuggestionType } from '../index.js';
import { demand, item, mrpInput, planOf } from '../testing/mrp-kit.js';

/** P is made from 2 C per unit (1 lead day); 10 P are sold on 2026-06-10. */
function parentAndComponent(parentType: SuggestionType) {
  return planMrp(
    mrpInput(
      [
        item('P', { replenishment: 'manufacture', leadDays: 1, policy: { code: 'PP', suggestionType: parentType }, bom: { bomId: 'BOM-P', outputQuantity: '1', phantom: false, components: [{ productId: 'C', quantity: '2' }] } }),
        item('C', { leadDays: 2 }),
      ],
      [demand('SO-1/1', 'P', '2026-06-10', '10')],
    ),
  );
}

describe('suggestion types', () => {
  it('"No processing: Do not process the components and associated parent products."', () => {
    const r = parentAndComponent('noProcessing');
    expect(planOf(r, 'P').suggestions).toEqual([]);
    expect(planOf(r, 'P').netRequirements).toEqual([]);
    expect(planOf(r, 'C').requirements).toEqual([]);
    expect(planOf(r, 'C').suggestions).toEqual([]);
  });

  it('"With MRP pegging: Generate suggestions from the parent products, and generate trace requirements and resources, and suggestions for the components."', () => {
    const r = parentAndComponent('withMrpPegging');
    expect(planOf(r, 'P').suggestions.map((s) => [s.id, s.kind, s.quantity, s.dueDate, s.startDate])).toEqual([['WOS-P@WH-1', 'WOS', '10', '2026-06-10', '2026-06-09']]);
    expect(planOf(r, 'C').requirements.map((q) => [q.code, q.parentId, q.quantity, q.date])).toEqual([['MWS', 'WOS-P@WH-1', '20', '2026-06-09']]);
    expect(planOf(r, 'C').suggestions.map((s) => [s.kind, s.quantity, s.dueDate, s.startDate])).toEqual([['POS', '20', '2026-06-09', '2026-06-07']]);
  });

  it('"Without MRP pegging: Generate suggestions from the parent products without generating trace requirements and resources for the components, that is, there will be no suggestions arising from the trace requirements and resources."', () => {
    const r = parentAndComponent('withoutMrpPegging');
    expect(planOf(r, 'P').suggestions.map((s) => [s.kind, s.quantity])).toEqual([['WOS', '10']]);
    expect(planOf(r, 'C').requirements).toEqual([]);
    expect(planOf(r, 'C').suggestions).toEqual([]);
  });

  it('"MRP pegging only: Only generate requirements for the parent product. Do not generate suggestions."', () => {
    const r = parentAndComponent('mrpPeggingOnly');
    expect(planOf(r, 'P').suggestions).toEqual([]);
    expect(planOf(r, 'P').netRequirements).toEqual([{ type: 'netRequirement', date: '2026-06-10', quantity: '10' }]);
    expect(planOf(r, 'C').requirements).toEqual([]);
  });
});

/**
 * P (a work order suggestion of 10, with MRP pegging) needs 2 kits K per unit; K is a phantom BOM of 3 C per kit.
 * The kit's stock and its own policy's suggestion type vary.
 */
function throughKit(kitType: SuggestionType, kitStock: string) {
  const items: MrpItem[] = [
    item('P', { replenishment: 'manufacture', leadDays: 1, bom: { bomId: 'BOM-P', outputQuantity: '1', phantom: false, components: [{ productId: 'K', quantity: '2' }] } }),
    item('K', { replenishment: 'manufacture', onHand: kitStock, policy: { code: 'PK', suggestionType: kitType }, bom: { bomId: 'KIT-K', outputQuantity: '1', phantom: true, components: [{ productId: 'C', quantity: '3' }] } }),
    item('C'),
  ];
  const r = planMrp(mrpInput(items, [demand('SO-1/1', 'P', '2026-06-10', '10')]));
  return { kit: planOf(r, 'K'), component: planOf(r, 'C') };
}
const shown = (plan: ReturnType<typeof throughKit>['kit']) => plan.netRequirements.map((n) => [n.type, n.quantity]);
const componentNeed = (plan: ReturnType<typeof throughKit>['component']) => plan.requirements.map((q) => [q.id, q.code, q.parentId, q.viaPhantom, q.quantity, q.date]);

describe('phantoms: "MRP handles supply and demand information for phantom products in the same way as for standard BOM components."', () => {
  describe('With MRP pegging', () => {
    it('phantom products, stock zero: "Zero, material requirement demand for phantom products is not displayed in the MRP results."', () => {
      const { kit } = throughKit('withMrpPegging', '0');
      expect(shown(kit)).toEqual([]);
      expect(kit.suggestions).toEqual([]);
    });

    it('phantom products, stock above zero: "Greater than zero, material requirement demand for the quantity in stock of the phantom product is displayed in the MRP results."', () => {
      expect(shown(throughKit('withMrpPegging', '6').kit)).toEqual([['phantomDemand', '6']]);
      // Stock beyond the need is not consumed, so it is shown up to the need (decision domain-005).
      expect(shown(throughKit('withMrpPegging', '50').kit)).toEqual([['phantomDemand', '20']]);
    });

    it('phantom BOM components, stock zero: "Zero, the suggested component quantity is the quantity required to meet the generated order suggestion."', () => {
      const { component } = throughKit('withMrpPegging', '0');
      // 10 P x 2 K x 3 C, on the work order's start date, under its document number.
      expect(componentNeed(component)).toEqual([['WOS-P@WH-1/K/C', 'MWS', 'WOS-P@WH-1', 'K', '60', '2026-06-09']]);
      expect(component.suggestions.map((s) => s.quantity)).toEqual(['60']);
    });

    it('phantom BOM components, stock above zero: "Greater than zero, the suggested component quantity is the quantity required to meet the generated order suggestion minus the quantity in stock of the phantom product."', () => {
      const { kit, component } = throughKit('withMrpPegging', '6');
      expect(componentNeed(component)).toEqual([['WOS-P@WH-1/K/C', 'MWS', 'WOS-P@WH-1', 'K', '42', '2026-06-09']]); // (20 - 6) x 3
      expect(kit.supplyPegging).toEqual([{ supplyId: 'onHand', pegging: [{ type: 'requirement', id: 'WOS-P@WH-1/K', date: '2026-06-09', quantity: '6' }] }]);
    });
  });

  describe('MRP pegging only: "Display material requirement demand for the phantom product and the phantom BOM components in the MRP results."', () => {
    it('phantom products: "The suggested quantity is the quantity required to meet the generated order suggestion."', () => {
      expect(shown(throughKit('mrpPeggingOnly', '0').kit)).toEqual([['phantomDemand', '20']]);
      expect(shown(throughKit('mrpPeggingOnly', '6').kit)).toEqual([['phantomDemand', '20']]);
    });

    it('phantom BOM components, stock zero: "Zero, the suggested component quantity is the quantity required to meet the generated order suggestion."', () => {
      expect(componentNeed(throughKit('mrpPeggingOnly', '0').component).map((q) => q[4])).toEqual(['60']);
    });

    it('phantom BOM components, stock above zero: "Greater than zero, the suggested component quantity is the quantity required to meet the generated order suggestion minus the quantity in stock of the phantom product."', () => {
      expect(componentNeed(throughKit('mrpPeggingOnly', '6').component).map((q) => q[4])).toEqual(['42']);
    });
  });

  it('a kit whose own policy does not peg (without MRP pegging, no processing) passes nothing to its components', () => {
    expect(throughKit('withoutMrpPegging', '0').component.requirements).toEqual([]);
    expect(throughKit('noProcessing', '6').component.requirements).toEqual([]);
  });

  it("a kit's stock is used up in date order across its parents' needs", () => {
    const r = planMrp(
      mrpInput(
        [
          item('P', { replenishment: 'manufacture', bom: { bomId: 'BOM-P', outputQuantity: '1', phantom: false, components: [{ productId: 'K', quantity: '1' }] } }),
          item('K', { replenishment: 'manufacture', onHand: '8', bom: { bomId: 'KIT-K', outputQuantity: '1', phantom: true, components: [{ productId: 'C', quantity: '1' }] } }),
          item('C'),
        ],
        [demand('SO-1/1', 'P', '2026-06-10', '5'), demand('SO-2/1', 'P', '2026-06-12', '5')],
      ),
    );
    expect(planOf(r, 'C').requirements.map((q) => [q.parentId, q.quantity])).toEqual([['WOS-P@WH-2', '2']]);
    expect(planOf(r, 'K').endingStock).toBe('0');
  });
});
