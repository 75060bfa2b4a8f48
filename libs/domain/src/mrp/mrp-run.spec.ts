import { MrpCycleError, onHandId, peggingTree, planMrp, planMrpNetChange, type MrpPeggingNode } from '../index.js';
import { demand, item, mrpInput, planOf, receipt, suggestionsOf } from '../testing/mrp-kit.js';

const bom = (bomId: string, components: [string, string][], over: { outputQuantity?: string; byProducts?: { productId: string; quantity: string; costShare?: string }[] } = {}) => ({
  bomId,
  outputQuantity: over.outputQuantity ?? '1',
  phantom: false,
  components: components.map(([productId, quantity]) => ({ productId, quantity })),
  ...(over.byProducts ? { byProducts: over.byProducts } : {}),
});

describe('the four suggestion kinds', () => {
  it('POS for a bought product, WOS for a made one, TRS for one transferred from another warehouse (its demand lands on the source site)', () => {
    const r = planMrp(
      mrpInput(
        [
          item('P', { warehouseId: 'WH2', replenishment: 'transfer', sourceWarehouseId: 'WH1', leadDays: 2 }),
          item('P', { warehouseId: 'WH1', replenishment: 'manufacture', leadDays: 3, bom: bom('BOM-P', [['C', '1']]) }),
          item('C', { warehouseId: 'WH1', leadDays: 5 }),
        ],
        [demand('SO-1/1', 'P', '2026-06-20', '7', { warehouseId: 'WH2' })],
      ),
    );
    const trs = planOf(r, 'P', 'WH2').suggestions[0];
    expect([trs?.kind, trs?.quantity, trs?.dueDate, trs?.startDate, trs?.sourceWarehouseId]).toEqual(['TRS', '7', '2026-06-20', '2026-06-18', 'WH1']);
    expect(planOf(r, 'P', 'WH1').requirements.map((q) => [q.code, q.parentId, q.parentWarehouseId, q.quantity, q.date])).toEqual([['TRS', 'TRS-P@WH2-1', 'WH2', '7', '2026-06-18']]);
    expect(suggestionsOf(r, 'P', 'WH1')).toEqual([['7', '2026-06-18', '2026-06-15']]);
    expect(planOf(r, 'C', 'WH1').suggestions.map((s) => [s.kind, s.quantity, s.dueDate, s.startDate])).toEqual([['POS', '7', '2026-06-15', '2026-06-10']]);
    expect(r.plans.map((p) => `${p.productId}@${p.warehouseId}:${p.lowLevelCode}`)).toEqual(['P@WH2:0', 'P@WH1:1', 'C@WH1:2']);
  });

  it("BWS: a by-product's shortage is a work order of the product whose BOM yields it, exploded into that BOM's components", () => {
    // Each run of BOM-M (output 2 M) yields 1 X: 5 X short need a work order of 10 M.
    const r = planMrp(
      mrpInput(
        [
          item('M', { replenishment: 'manufacture', bom: bom('BOM-M', [['C', '3']], { outputQuantity: '2', byProducts: [{ productId: 'X', quantity: '1', costShare: '5' }] }) }),
          item('X', { replenishment: 'byProduct', byProductOf: 'M', leadDays: 1 }),
          item('C'),
        ],
        [demand('SO-1/1', 'X', '2026-06-10', '5')],
      ),
    );
    const bws = planOf(r, 'X').suggestions[0];
    expect([bws?.id, bws?.kind, bws?.quantity, bws?.parentProductId, bws?.parentQuantity, bws?.bomId, bws?.startDate]).toEqual(['BWS-X@WH-1', 'BWS', '5', 'M', '10', 'BOM-M', '2026-06-09']);
    expect(bws?.explanation).toContain('a work order of 10 of M (BOM BOM-M) yields it');
    expect(planOf(r, 'C').requirements.map((q) => [q.code, q.parentId, q.parentProductId, q.quantity, q.date])).toEqual([['MWS', 'BWS-X@WH-1', 'X', '15', '2026-06-09']]);
  });

  it("a by-product's expected output from its maker's work orders counts as a receipt (rounded down to its step)", () => {
    const r = planMrp(
      mrpInput(
        [item('M', { replenishment: 'manufacture', bom: bom('BOM-M', [], { outputQuantity: '3', byProducts: [{ productId: 'X', quantity: '1' }] }) }), item('X')],
        [demand('SO-1/1', 'M', '2026-06-10', '10'), demand('SO-2/1', 'X', '2026-06-12', '5')],
      ),
    );
    expect(planOf(r, 'X').byProductReceipts.map((b) => [b.parentId, b.date, b.quantity, b.costShare])).toEqual([['WOS-M@WH-1', '2026-06-10', '3', '0']]); // 10 / 3 = 3.33
    expect(suggestionsOf(r, 'X')).toEqual([['2', '2026-06-12', '2026-06-12']]);
  });
});

describe('trace requirement codes: M + parent document (W work order, S subcontract) + parent status (S suggestion, P planned, F firm)', () => {
  it('existing work orders and subcontracts explode with MWP, MWF, MSP, MSF; suggestions with MWS and MSS; reserved components are not traced again', () => {
    const r = planMrp(
      mrpInput(
        [
          item('W', { replenishment: 'manufacture', leadDays: 2, bom: bom('BOM-W', [['C', '2']]) }),
          item('S', { replenishment: 'subcontract', leadDays: 4, bom: bom('BOM-S', [['C', '1']]) }),
          item('C', { onHand: '1000' }),
        ],
        [demand('SO-1/1', 'W', '2026-06-20', '30'), demand('SO-2/1', 'S', '2026-06-20', '25')],
        [
          receipt('WO-1', 'W', '2026-06-05', '5', { document: 'workOrder', status: 'planned' }),
          receipt('WO-2', 'W', '2026-06-06', '5', { document: 'workOrder', status: 'firm', startDate: '2026-06-02' }),
          receipt('WO-3', 'W', '2026-06-07', '5', { document: 'workOrder', status: 'firm', componentsReserved: true }),
          receipt('SC-1', 'S', '2026-06-05', '5', { document: 'subcontract', status: 'planned' }),
          receipt('SC-2', 'S', '2026-06-06', '5', { document: 'subcontract', status: 'firm' }),
        ],
      ),
    );
    expect(planOf(r, 'S').suggestions.map((s) => [s.id, s.kind, s.quantity])).toEqual([['POS-S@WH-1', 'POS', '15']]);
    expect(planOf(r, 'C').requirements.map((q) => [q.code, q.parentId, q.quantity, q.date])).toEqual([
      ['MSP', 'SC-1', '5', '2026-06-01'],
      ['MSF', 'SC-2', '5', '2026-06-02'],
      ['MWF', 'WO-2', '10', '2026-06-02'],
      ['MWP', 'WO-1', '10', '2026-06-03'],
      ['MSS', 'POS-S@WH-1', '15', '2026-06-16'],
      ['MWS', 'WOS-W@WH-1', '30', '2026-06-18'],
    ]);
  });
});

describe('firm horizon and replanning', () => {
  it('with replanning analysis, an order beyond the firm horizon gets a message; one inside it is never changed', () => {
    const items = [item('P', { policy: { code: 'RP', replanningAnalysis: true }, planning: { firmHorizonDays: 5 } })];
    const r = planMrp(mrpInput(items, [demand('SO-1/1', 'P', '2026-06-10', '30')], [receipt('PO-1', 'P', '2026-06-04', '10', { documentNumber: 'PO 1' }), receipt('PO-2', 'P', '2026-06-20', '50', { status: 'planned' })]));
    expect(planOf(r, 'P').messages.map((m) => [m.receiptId, m.action, m.fromDate, m.toDate, m.fromQuantity, m.toQuantity])).toEqual([
      ['PO-2', 'advance', '2026-06-20', '2026-06-10', '50', '50'],
      ['PO-2', 'reduce', '2026-06-20', '2026-06-10', '50', '20'],
    ]);
    expect(planOf(r, 'P').messages[0]?.explanation).toBe('advance PO-2 from 2026-06-20 to 2026-06-10: it is needed then');
    expect(planOf(r, 'P').suggestions).toEqual([]);
    // Pegging follows the messages: PO-2 on its new date and quantity covers what PO 1 leaves.
    expect(planOf(r, 'P').supplyPegging.map((s) => [s.supplyId, s.pegging.map((p) => [p.type, p.quantity, p.date])])).toEqual([
      ['PO-1', [['demand', '10', '2026-06-10']]],
      ['PO-2', [['demand', '20', '2026-06-10']]],
    ]);
  });

  it('without it, no message: the order stays where it is and a suggestion covers the need before it', () => {
    const r = planMrp(mrpInput([item('P', { planning: { firmHorizonDays: 5 } })], [demand('SO-1/1', 'P', '2026-06-10', '30')], [receipt('PO-2', 'P', '2026-06-20', '50', { status: 'planned' })]));
    expect(planOf(r, 'P').messages).toEqual([]);
    expect(suggestionsOf(r, 'P')).toEqual([['30', '2026-06-10', '2026-06-10']]);
  });
});

describe('shrinkage on work orders', () => {
  it('a work order in progress counts its remaining quantity less the loss, pegged as shrinkage; its components are traced for all of it', () => {
    const r = planMrp(
      mrpInput(
        [item('P', { replenishment: 'manufacture', leadDays: 1, policy: { code: 'SH', applyShrinkage: true }, planning: { shrinkagePercent: '10' }, bom: bom('BOM-P', [['C', '1']]) }), item('C', { onHand: '1000' })],
        [demand('SO-1/1', 'P', '2026-06-10', '100')],
        [receipt('WO-1', 'P', '2026-06-05', '50', { document: 'workOrder', status: 'firm', workInProgress: true })],
      ),
    );
    const p = planOf(r, 'P');
    // 50 in progress yield 45; 55 more are needed, grossed up by 10 %: 60.5, 61 at step 1.
    expect(p.suggestions.map((s) => [s.quantity, s.pegging.map((g) => [g.type, g.quantity])])).toEqual([['61', [['shrinkage', '5.5'], ['demand', '55'], ['surplus', '0.5']]]]);
    expect(p.supplyPegging).toEqual([{ supplyId: 'WO-1', pegging: [{ type: 'shrinkage', id: null, date: '2026-06-05', quantity: '5' }, { type: 'demand', id: 'SO-1/1', date: '2026-06-10', quantity: '45' }] }]);
    expect(planOf(r, 'C').requirements.map((q) => [q.code, q.parentId, q.quantity])).toEqual([['MWF', 'WO-1', '50'], ['MWS', 'WOS-P@WH-1', '61']]);
  });
});

describe('dates', () => {
  it("the run date is the run instant's date in the time zone; past-due needs are due then; a start before it is late", () => {
    const late = planMrp({ ...mrpInput([item('P', { leadDays: 4 })], [demand('SO-1/1', 'P', '2026-05-20', '3'), demand('SO-2/1', 'P', '2026-06-03', '2')]), runAt: new Date('2026-05-31T23:30:00Z'), timeZone: 'Europe/Brussels' });
    expect(late.runDate).toBe('2026-06-01');
    expect(planOf(late, 'P').suggestions.map((s) => [s.quantity, s.dueDate, s.startDate, s.late])).toEqual([
      ['3', '2026-06-01', '2026-05-28', true],
      ['2', '2026-06-03', '2026-05-30', true],
    ]);
    expect(planOf(late, 'P').suggestions[0]?.explanation).toContain('late: before the run date 2026-06-01');
  });

  it('demands and receipts after the horizon are left out', () => {
    const r = planMrp(mrpInput([item('P')], [demand('SO-1/1', 'P', '2026-06-10', '3'), demand('SO-2/1', 'P', '2026-06-12', '4')], [], 10));
    expect(r.horizonEnd).toBe('2026-06-11');
    expect(suggestionsOf(r, 'P')).toEqual([['3', '2026-06-10', '2026-06-10']]);
  });
});

describe('pegging', () => {
  // "This purchase of 40 screws is for these 3 sales order lines, through these 2 work orders."
  const r = planMrp(
    mrpInput(
      [
        item('TABLE', { replenishment: 'manufacture', leadDays: 2, bom: bom('BOM-T', [['SCREW', '4']]) }),
        item('CHAIR', { replenishment: 'manufacture', leadDays: 2, bom: bom('BOM-C', [['SCREW', '4']]) }),
        item('SCREW', { leadDays: 3 }),
      ],
      [
        demand('SO-1/1', 'TABLE', '2026-06-10', '5', { document: 'SO-1, line 1' }),
        demand('SO-2/1', 'TABLE', '2026-06-10', '3', { document: 'SO-2, line 1' }),
        demand('SO-3/2', 'CHAIR', '2026-06-10', '2', { document: 'SO-3, line 2' }),
      ],
    ),
  );
  const flat = (n: MrpPeggingNode): unknown => [n.type, n.id, n.quantity, ...n.children.map(flat)];

  it('answers which sales order lines a purchase is for, and through which work orders', () => {
    const pos = planOf(r, 'SCREW').suggestions[0];
    expect([pos?.quantity, pos?.dueDate]).toEqual(['40', '2026-06-08']);
    expect(flat(peggingTree(r, pos?.id as string) as MrpPeggingNode)).toEqual([
      'suggestion', 'POS-SCREW@WH-1', '40',
      ['requirement', 'WOS-CHAIR@WH-1/SCREW', '8', ['suggestion', 'WOS-CHAIR@WH-1', '2', ['demand', 'SO-3/2', '2']]],
      ['requirement', 'WOS-TABLE@WH-1/SCREW', '32', ['suggestion', 'WOS-TABLE@WH-1', '8', ['demand', 'SO-1/1', '5'], ['demand', 'SO-2/1', '3']]],
    ]);
    expect(pos?.explanation).toContain('covers MWS WOS-CHAIR@WH-1 (8), MWS WOS-TABLE@WH-1 (32)');
  });

  it('a part of a supply counts its parents in proportion; stock has a tree too; an unknown id has none', () => {
    const half = planMrp(
      mrpInput(
        [item('TABLE', { replenishment: 'manufacture', bom: bom('BOM-T', [['SCREW', '4']]) }), item('SCREW', { onHand: '10' })],
        [demand('SO-1/1', 'TABLE', '2026-06-10', '5')],
      ),
    );
    expect(flat(peggingTree(half, onHandId({ productId: 'SCREW', warehouseId: 'WH' })) as MrpPeggingNode)).toEqual([
      'onHand', 'onHand@SCREW@WH', '10',
      ['requirement', 'WOS-TABLE@WH-1/SCREW', '10', ['suggestion', 'WOS-TABLE@WH-1', '2.5', ['demand', 'SO-1/1', '2.5']]],
    ]);
    expect(peggingTree(half, 'nothing')).toBeNull();
  });
});

describe('the result is plain data', () => {
  it('explanations survive JSON and structured clones (a worker thread hands plans over), and nothing hidden shows', () => {
    const r = planMrp(mrpInput([item('P', { leadDays: 1 })], [demand('SO-1/1', 'P', '2026-06-10', '3')]));
    const plan = planOf(r, 'P');
    const text = 'POS POS-P@WH-1: 3 of P at WH due 2026-06-10, to order on 2026-06-09 (1 lead day); projected -3 on 2026-06-10 is below 0: net requirement 3; net quantity for 3: 3; covers SO-1/1 (3)';
    expect(structuredClone(plan).suggestions[0]?.explanation).toBe(text);
    expect((JSON.parse(JSON.stringify(r)) as typeof r).plans[0]?.suggestions[0]?.explanation).toBe(text);
    expect(structuredClone(plan).explanation).toBe(plan.explanation);
    expect(Object.keys(plan.suggestions[0] as object)).toContain('explanation');
    expect(Object.getOwnPropertySymbols(plan.suggestions[0] as object).every((k) => !Object.prototype.propertyIsEnumerable.call(plan.suggestions[0], k))).toBe(true);
  });
});

describe('levels and input', () => {
  it('refuses BOMs that loop, naming the loop', () => {
    const loop = mrpInput([item('A', { replenishment: 'manufacture', bom: bom('BA', [['B', '1']]) }), item('B', { replenishment: 'manufacture', bom: bom('BB', [['A', '1']]) })]);
    expect(() => planMrp(loop)).toThrow(MrpCycleError);
    expect(() => planMrp(loop)).toThrow('the BOMs, by-products or transfers loop: A@WH -> B@WH -> A@WH');
  });

  it('names the components a BOM needs that the input does not plan, and plans the rest', () => {
    const r = planMrp(mrpInput([item('A', { replenishment: 'manufacture', bom: bom('BA', [['GHOST', '1'], ['B', '1']]) }), item('B')], [demand('SO-1/1', 'A', '2026-06-10', '2')]));
    expect(r.unplanned).toEqual([{ productId: 'GHOST', warehouseId: 'WH', requiredBy: { productId: 'A', warehouseId: 'WH' } }]);
    expect(suggestionsOf(r, 'B')).toEqual([['2', '2026-06-10', '2026-06-10']]);
  });

  it('a net change re-plans what a changed component reaches, and keeps the plans of the rest as they were', () => {
    const items = [item('A', { replenishment: 'manufacture', bom: bom('BA', [['B', '1']]) }), item('B'), item('Z')];
    const demands = [demand('SO-1/1', 'A', '2026-06-10', '2'), demand('SO-2/1', 'Z', '2026-06-10', '1')];
    const before = planMrp(mrpInput(items, demands));
    const changed = items.map((i) => (i.productId === 'B' ? { ...i, onHand: '5' } : i));
    const after = planMrpNetChange(before, mrpInput(changed, demands), [{ productId: 'B', warehouseId: 'WH' }]);
    expect(after).toEqual(planMrp(mrpInput(changed, demands)));
    expect(planOf(after, 'B').suggestions).toEqual([]);
    expect(planOf(after, 'Z')).toBe(planOf(before, 'Z'));
    // A previous result read back from storage (plain data, none of the run's memos) does as well.
    expect(planMrpNetChange(structuredClone(before), mrpInput(changed, demands), [{ productId: 'B', warehouseId: 'WH' }])).toEqual(after);
  });
});
