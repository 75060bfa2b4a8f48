import { Decimal, planMrp, type MrpInput, type MrpPeg, type ReorderQuantityCode, type SplittingCode } from '../index.js';
import { loadGolden } from '../testing/golden.js';
import { demand, item, loadMrpGolden, mrpInput, planOf } from '../testing/mrp-kit.js';

interface LotSizingCase {
  reorderQuantity: ReorderQuantityCode;
  splitting: SplittingCode;
  requirement: string;
  suggestions: string[];
}
interface LotSizingGolden {
  product: { economicLot: string; technicalLot: string; startingStock: string };
  cases: LotSizingCase[];
}

describe("Sage X3's lot-sizing table through a whole MRP run (testing/golden/sage-x3-lot-sizing.json)", () => {
  const golden = loadGolden<LotSizingGolden>('sage-x3-lot-sizing.json');
  // "Product A1: Economic lot = 500 pieces, Technical lot = 100 pieces. Starting stock = 0": here A1 is the component
  // of a finished product FG, made lot for lot with 1 lead day, so the requirement reaches A1 through the BOM.
  const run = (c: LotSizingCase, splitting: SplittingCode) =>
    planMrp(
      mrpInput(
        [
          item('FG', { replenishment: 'manufacture', leadDays: 1, bom: { bomId: 'BOM-FG', outputQuantity: '1', phantom: false, components: [{ productId: 'A1', quantity: '1' }] } }),
          item('A1', {
            leadDays: 3,
            onHand: golden.product.startingStock,
            policy: { code: 'X3', reorderQuantity: c.reorderQuantity, splitting },
            planning: { economicLot: golden.product.economicLot, technicalLot: golden.product.technicalLot, lotLeadDays: 2 },
          }),
        ],
        [demand('SO-1/1', 'FG', '2026-06-30', c.requirement)],
      ),
    );

  it.each(golden.cases.map((c) => [`${c.reorderQuantity} / ${c.splitting} / requirement ${c.requirement}`, c] as const))('%s', (_name, c) => {
    const result = run(c, c.splitting);
    const a1 = planOf(result, 'A1');
    expect(a1.requirements.map((r) => [r.code, r.parentId, r.quantity, r.date])).toEqual([['MWS', 'WOS-FG@WH-1', c.requirement, '2026-06-29']]);
    expect(a1.suggestions.map((s) => s.quantity)).toEqual(c.suggestions);
    expect(a1.suggestions.every((s) => s.kind === 'POS' && s.dueDate === '2026-06-29' && s.startDate === '2026-06-26')).toBe(true);
    // Every piece is pegged to the work order's requirement or left as surplus (lot sizing beyond the need).
    const pegged = a1.suggestions.flatMap((s) => s.pegging).filter((p) => p.type === 'requirement');
    expect(pegged.reduce((sum, p) => sum.plus(p.quantity), new Decimal(0)).toString()).toBe(c.requirement);
  });

  it.each(golden.cases.filter((c) => c.splitting === 'parallel').map((c) => [`${c.reorderQuantity} / requirement ${c.requirement}`, c] as const))(
    'successive splitting: the same lots, the last due on the requirement date, each earlier one 2 lot lead days before: %s',
    (_name, c) => {
      const suggestions = planOf(run(c, 'successive'), 'A1').suggestions;
      expect(suggestions.map((s) => s.quantity)).toEqual(c.suggestions);
      const last = suggestions.length - 1;
      expect(suggestions.map((s) => s.dueDate)).toEqual(suggestions.map((_s, i) => new Date(Date.UTC(2026, 5, 29 - 2 * (last - i))).toISOString().slice(0, 10)));
      expect(suggestions.map((s) => s.startDate)).toEqual(suggestions.map((s) => new Date(Date.parse(s.dueDate) - 3 * 86_400_000).toISOString().slice(0, 10)));
    },
  );
});

type PegRow = [MrpPeg['type'], string | null, string];
interface ExpectedPlan {
  lowLevelCode: number;
  suggestions: [string, string, string, string, PegRow[]][];
  requirements: [string, string, string, string, string | null][];
  supplyPegging: [string, PegRow[]][];
  netRequirements: [string, string, string][];
  byProductReceipts: [string, string, string, string][];
  endingStock: string;
}
interface ThreeLevelGolden {
  input: Omit<MrpInput, 'runAt' | 'bucket'> & { runAt: string };
  expected: Record<string, ExpectedPlan>;
}

describe('a 3-level BOM computed by hand (mrp/golden/three-level.json): lead-time offsets, a phantom at BOM level 2, a by-product, shrinkage, scrap and safety stock', () => {
  const golden = loadMrpGolden<ThreeLevelGolden>('three-level.json');
  const result = planMrp({ ...golden.input, runAt: new Date(golden.input.runAt), bucket: 'day' });
  const pegRows = (pegs: readonly MrpPeg[]): PegRow[] => pegs.map((p) => [p.type, p.id, p.quantity]);

  it('plans every product-site, parents before components', () => {
    expect(result.plans.map((p) => [p.productId, p.lowLevelCode])).toEqual([['A', 0], ['B', 1], ['K', 1], ['Y', 1], ['C', 2]]);
    expect(result.unplanned).toEqual([]);
  });

  it.each(Object.keys(golden.expected))('%s', (productId) => {
    const want = golden.expected[productId] as ExpectedPlan;
    const plan = planOf(result, productId);
    expect(plan.lowLevelCode).toBe(want.lowLevelCode);
    expect(plan.suggestions.map((s) => [s.id, s.quantity, s.dueDate, s.startDate, pegRows(s.pegging)])).toEqual(want.suggestions);
    expect(plan.requirements.map((r) => [r.id, r.code, r.quantity, r.date, r.viaPhantom ?? null])).toEqual(want.requirements);
    expect(plan.supplyPegging.map((s) => [s.supplyId, pegRows(s.pegging)])).toEqual(want.supplyPegging);
    expect(plan.netRequirements.map((n) => [n.type, n.date, n.quantity])).toEqual(want.netRequirements);
    expect(plan.byProductReceipts.map((b) => [b.id, b.parentId, b.date, b.quantity])).toEqual(want.byProductReceipts);
    expect(plan.endingStock).toBe(want.endingStock);
  });

  it('a run over part of the catalog, given the requirements and by-product output of the parents it leaves out, plans those product-sites as the whole run does', () => {
    const fromFull = (productId: string) => {
      const { lowLevelCode: _l, dependsOn: _d, ...rest } = planOf(result, productId);
      return JSON.parse(JSON.stringify(rest)) as unknown;
    };
    const part = planMrp({
      ...golden.input,
      runAt: new Date(golden.input.runAt),
      bucket: 'day',
      items: golden.input.items.filter((i) => i.productId === 'C' || i.productId === 'Y'),
      requirements: planOf(result, 'C').requirements,
      byProductReceipts: planOf(result, 'Y').byProductReceipts.map((b) => ({ ...b, productId: 'Y', warehouseId: 'WH' })),
    });
    for (const productId of ['C', 'Y']) {
      const { lowLevelCode: _l, dependsOn: _d, ...rest } = planOf(part, productId);
      expect(JSON.parse(JSON.stringify(rest))).toEqual(fromFull(productId));
    }
    // With the parents in the run, the requirements given are theirs to trace, not counted twice.
    const whole = planMrp({ ...golden.input, runAt: new Date(golden.input.runAt), bucket: 'day', requirements: planOf(result, 'C').requirements });
    expect(planOf(whole, 'C').suggestions.map((s) => s.quantity)).toEqual(['89', '97']);
  });

  it("the trace requirements through the kit carry the work order suggestion's document number", () => {
    expect(planOf(result, 'C').requirements.filter((r) => r.viaPhantom === 'K').map((r) => [r.parentId, r.parentProductId, r.code])).toEqual([
      ['WOS-A@WH-1', 'A', 'MWS'],
      ['WOS-A@WH-2', 'A', 'MWS'],
    ]);
  });

  it('explains a suggestion: dates, requirement, shrinkage, reorder quantity and what it covers', () => {
    expect(planOf(result, 'A').suggestions[0]?.explanation).toBe(
      'WOS WOS-A@WH-1: 39 of A at WH due 2026-06-10, to start on 2026-06-08 (2 lead days); projected -30 on 2026-06-10 is below the safety stock 5: net requirement 35; ' +
        'plus 10% shrinkage: 39; net quantity for 39: 39; covers expected shrinkage loss (3.5), SO-1, line 1 (35), SO-2, line 1 (0.5)',
    );
    expect(planOf(result, 'B').suggestions[0]?.explanation).toBe(
      'WOS WOS-B@WH-1: 50 of B at WH due 2026-06-08, to start on 2026-06-05 (3 lead days); projected -43 on 2026-06-08 is below 0: net requirement 43; ' +
        'minimum quantity with rounding for 43: 50; covers MWS WOS-A@WH-1 (43), MWS WOS-A@WH-2 (7)',
    );
    expect(planOf(result, 'C').suggestions[0]?.explanation).toContain('covers MWS WOS-A@WH-1 through kit K (89)');
  });
});
