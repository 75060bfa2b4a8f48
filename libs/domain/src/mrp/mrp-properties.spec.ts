import fc from 'fast-check';
import { Decimal, grossUpForShrinkage, planMrp, planMrpEach, planMrpNetChange, roundUpToStep, type MrpDemand, type MrpInput, type MrpItem, type MrpReceipt, type MrpResult } from '../index.js';
import { RUN_AT, WH } from '../testing/mrp-kit.js';

/** A random catalog of up to 9 product-sites over 3 levels, with random BOMs (phantoms, scrap, by-products), policies, stock, demands and receipts. */
const catalogArb = fc
  .record({
    perLevel: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }),
    seeds: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 60, maxLength: 60 }),
    demands: fc.array(fc.record({ product: fc.nat(), day: fc.integer({ min: -3, max: 40 }), quantity: fc.integer({ min: 1, max: 400 }) }), { minLength: 1, maxLength: 8 }),
    receipts: fc.array(fc.record({ product: fc.nat(), day: fc.integer({ min: 0, max: 40 }), quantity: fc.integer({ min: 1, max: 300 }), firm: fc.boolean(), workOrder: fc.boolean() }), { maxLength: 4 }),
  })
  .map(({ perLevel, seeds, demands, receipts }) => buildCatalog(perLevel, seeds, demands, receipts));

function buildCatalog(
  perLevel: number[],
  seeds: number[],
  demandSpecs: { product: number; day: number; quantity: number }[],
  receiptSpecs: { product: number; day: number; quantity: number; firm: boolean; workOrder: boolean }[],
): MrpInput {
  let k = 0;
  const pick = <T>(options: readonly T[]): T => options[(seeds[k++ % seeds.length] as number) % options.length] as T;
  const levels = perLevel.map((n, level) => Array.from({ length: n }, (_v, i) => `L${level}P${i}`));
  const items: MrpItem[] = [];
  levels.forEach((ids, level) => {
    for (const productId of ids) {
      const below = levels.slice(level + 1).flat();
      const made = below.length > 0 && pick([true, true, false]);
      const phantom = made && level > 0 && pick([false, false, true]);
      const components = made ? [...new Set([pick(below), pick(below)])] : [];
      const leaves = (levels[levels.length - 1] as string[]).filter((l) => !components.includes(l) && l !== productId);
      const byProduct = made && !phantom && leaves.length > 0 && pick([false, false, true]) ? pick(leaves) : null;
      items.push({
        productId,
        warehouseId: WH,
        replenishment: made ? pick(['manufacture', 'manufacture', 'subcontract'] as const) : 'buy',
        leadDays: pick([0, 1, 2, 3]),
        onHand: pick(['0', '0', '15', '40.5', '-5']),
        uomStep: pick(['1', '0.5', '0.001']),
        policy: {
          code: 'P',
          suggestionType: pick(['withMrpPegging', 'withMrpPegging', 'withMrpPegging', 'withoutMrpPegging', 'mrpPeggingOnly', 'noProcessing'] as const),
          reorderQuantity: pick(['net', 'minimumWithoutRounding', 'minimumWithRounding'] as const),
          splitting: pick(['none', 'parallel', 'successive'] as const),
          safetyStock: pick([true, false]),
          applyShrinkage: pick([true, false]),
          replanningAnalysis: pick([true, false]),
        },
        planning: { economicLot: pick(['0', '50', '120']), technicalLot: pick(['0', '25', '40']), safetyStock: pick(['0', '10']), shrinkagePercent: pick(['0', '5', '12.5']), firmHorizonDays: pick([0, 5]), lotLeadDays: pick([0, 1]) },
        ...(made
          ? {
              bom: {
                bomId: `BOM-${productId}`,
                outputQuantity: pick(['1', '2', '0.5']),
                phantom,
                components: components.map((c) => ({ productId: c, quantity: pick(['1', '3', '0.25']), ...(pick([true, false]) ? { scrapPercent: pick(['5', '10']) } : {}) })),
                ...(byProduct !== null ? { byProducts: [{ productId: byProduct, quantity: pick(['1', '0.5']), costShare: '10' }] } : {}),
              },
            }
          : {}),
      });
    }
  });
  const all = levels.flat();
  const date = (day: number): string => new Date(Date.UTC(2026, 5, 1 + day)).toISOString().slice(0, 10);
  const demands: MrpDemand[] = demandSpecs.map((d, i) => ({ id: `SO-${i}`, productId: all[d.product % all.length] as string, warehouseId: WH, source: 'salesOrderLine', date: date(d.day), quantity: String(d.quantity) }));
  const receipts: MrpReceipt[] = receiptSpecs.map((r, i) => ({ id: `R-${i}`, productId: all[r.product % all.length] as string, warehouseId: WH, document: r.workOrder ? 'workOrder' : 'purchase', status: r.firm ? 'firm' : 'planned', date: date(r.day), quantity: String(r.quantity) }));
  return { runAt: RUN_AT, timeZone: 'UTC', bucket: 'day', horizonDays: 60, items, demands, receipts };
}

const sum = (quantities: readonly string[]): Decimal => quantities.reduce((acc, q) => acc.plus(q), new Decimal(0));

describe('MRP run properties', () => {
  it('a component requirement is the parent order quantity x the BOM line (with scrap) / output, rounded up to its step; through a kit, for what its stock does not meet', () => {
    fc.assert(
      fc.property(catalogArb, (input) => {
        const result = planMrp(input);
        const items = new Map(input.items.map((i) => [i.productId, i]));
        const orders = new Map<string, string>();
        for (const p of result.plans) for (const s of p.suggestions) orders.set(s.id, s.quantity);
        for (const r of input.receipts) orders.set(r.id, String(r.quantity));
        const kitStockUsed = new Map<string, string>();
        for (const p of result.plans) if (p.phantom) for (const peg of p.supplyPegging.flatMap((s) => s.pegging)) if (peg.id !== null) kitStockUsed.set(peg.id, peg.quantity);
        const sold = new Map(input.demands.map((d) => [d.id, String(d.quantity)]));
        const kitNeeds = new Map(result.plans.filter((p) => p.phantom).flatMap((p) => p.requirements.map((r) => [r.id, r] as const)));
        const bad: string[] = [];
        for (const plan of result.plans) {
          for (const req of plan.requirements) {
            const viaKit = req.viaPhantom !== undefined;
            const parentProduct = viaKit ? (req.viaPhantom as string) : req.parentProductId;
            const bom = (items.get(parentProduct) as MrpItem).bom;
            const line = bom?.components.find((c) => c.productId === req.productId);
            if (bom === undefined || line === undefined) continue;
            // Through a kit: the kit's need (a parent's requirement, or a sales line of the kit itself) less its stock used.
            const kitNeedId = req.id.slice(0, req.id.length - req.productId.length - 1);
            const kitNeed = kitNeeds.get(kitNeedId)?.quantity ?? sold.get(kitNeedId);
            const made = viaKit ? new Decimal(kitNeed as string).minus(kitStockUsed.get(kitNeedId) ?? '0') : new Decimal(orders.get(req.parentId) as string);
            const step = new Decimal((items.get(req.productId) as MrpItem).uomStep as string);
            const expected = roundUpToStep(made.times(grossUpForShrinkage(new Decimal(line.quantity), new Decimal(line.scrapPercent ?? '0'))).dividedBy(bom.outputQuantity), step);
            if (!expected.eq(req.quantity)) bad.push(`${req.id}: ${req.quantity} != ${expected.toString()}`);
          }
        }
        expect(bad).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('the pegs of every suggestion add up to its quantity, and every peg is above zero', () => {
    fc.assert(
      fc.property(catalogArb, (input) => {
        const result = planMrp(input);
        const bad: string[] = [];
        for (const p of result.plans) {
          for (const s of p.suggestions) {
            if (!sum(s.pegging.map((g) => g.quantity)).eq(s.quantity)) bad.push(`${s.id}: pegged ${sum(s.pegging.map((g) => g.quantity)).toString()} of ${s.quantity}`);
            if (s.pegging.some((g) => !new Decimal(g.quantity).gt(0))) bad.push(`${s.id}: a peg not above zero`);
          }
        }
        expect(bad).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('planMrpEach hands out the plans of planMrp, in its order, explanations and all', () => {
    fc.assert(
      fc.property(catalogArb, (input) => {
        // Through JSON: the explanations as text, as the service writes them.
        const each = JSON.parse(JSON.stringify([...planMrpEach(input)])) as unknown;
        expect(each).toEqual(JSON.parse(JSON.stringify(planMrp(input).plans)));
      }),
      { numRuns: 100 },
    );
  });

  it('a regenerative run and a sequence of net changes from the first run reach the same result', () => {
    const changeArb = fc.record({ target: fc.nat(), kind: fc.constantFrom('stock', 'demand', 'newDemand', 'policy', 'bomRatio', 'receipt', 'remove'), value: fc.integer({ min: 0, max: 300 }) });
    fc.assert(
      fc.property(catalogArb, fc.array(changeArb, { minLength: 1, maxLength: 4 }), (first, changes) => {
        let input = first;
        let result: MrpResult = planMrp(input);
        for (const [n, c] of changes.entries()) {
          const { next, changed } = applyChange(input, c, n);
          input = next;
          result = planMrpNetChange(result, input, changed);
        }
        expect(result).toEqual(planMrp(input));
      }),
      { numRuns: 120 },
    );
  });
});

/** One change to the input, as an event would bring it, and the product-site it changes. */
function applyChange(input: MrpInput, c: { target: number; kind: string; value: number }, n: number): { next: MrpInput; changed: { productId: string; warehouseId: string }[] } {
  const item = input.items[c.target % input.items.length] as MrpItem;
  const site = [{ productId: item.productId, warehouseId: item.warehouseId }];
  const replaceItem = (next: MrpItem): MrpInput => ({ ...input, items: input.items.map((i) => (i === item ? next : i)) });
  switch (c.kind) {
    case 'stock':
      return { next: replaceItem({ ...item, onHand: String(c.value) }), changed: site };
    case 'remove':
      return { next: { ...input, items: input.items.filter((i) => i !== item) }, changed: site };
    case 'policy':
      return { next: replaceItem({ ...item, policy: { ...item.policy, reorderQuantity: c.value % 2 === 0 ? 'net' : 'minimumWithRounding', safetyStock: c.value % 3 === 0 } }), changed: site };
    case 'bomRatio': {
      if (item.bom === undefined) return { next: input, changed: [] };
      const components = item.bom.components.map((l, i) => (i === 0 ? { ...l, quantity: String(1 + (c.value % 4)) } : l));
      return { next: replaceItem({ ...item, bom: { ...item.bom, components } }), changed: site };
    }
    case 'receipt':
      return { next: { ...input, receipts: [...input.receipts, { id: `NEW-R-${n}`, productId: item.productId, warehouseId: WH, document: 'purchase', status: 'planned', date: '2026-06-15', quantity: String(1 + c.value) }] }, changed: site };
    case 'newDemand':
      return { next: { ...input, demands: [...input.demands, { id: `NEW-SO-${n}`, productId: item.productId, warehouseId: WH, source: 'salesOrderLine', date: '2026-06-12', quantity: String(1 + c.value) }] }, changed: site };
    default: {
      const d = input.demands[c.target % input.demands.length] as MrpDemand;
      return { next: { ...input, demands: input.demands.map((x) => (x === d ? { ...d, quantity: String(1 + c.value) } : x)) }, changed: [{ productId: d.productId, warehouseId: d.warehouseId }] };
    }
  }
}
