import {
  dec,
  netRequirements,
  phantomRequirement,
  productSite,
  reorderPolicy,
  suggestionKindFor,
  traceRequirementCode,
  traceRequirements,
  type Demand,
  type NettingInput,
  type ReorderPolicyInput,
  type Supply,
} from '../index.js';

const today = '2026-06-01';
const A1 = productSite({ economicLot: '500', technicalLot: '100', safetyStock: '20', shrinkagePercent: '5', firmHorizonDays: 10, lotLeadDays: 2 });

function run(policy: Partial<ReorderPolicyInput>, demands: [string, string][], supplies: Supply[] = [], extra: Partial<NettingInput> = {}, startingStock = '0') {
  return netRequirements({
    profile: { startingStock: dec(startingStock), demands: demands.map(([date, q]): Demand => ({ date, quantity: dec(q) })), supplies },
    policy: reorderPolicy({ code: 'P', ...policy }),
    site: A1,
    today,
    kind: 'POS',
    ...extra,
  });
}
const show = (r: ReturnType<typeof run>) => r.suggestions.map((s) => [s.quantity.toString(), s.dueDate]);
const messages = (r: ReturnType<typeof run>) => r.messages.map((m) => [m.supplyId, m.action, m.toDate, m.toQuantity.toString()]);
const supply = (id: string, date: string, quantity: string, status: Supply['status'] = 'planned', workInProgress = false): Supply => ({ id, date, quantity: dec(quantity), status, workInProgress });

describe('netting a time-phased profile', () => {
  it('nets demands against stock date by date and sizes each requirement by the policy', () => {
    const r = run({ reorderQuantity: 'minimumWithRounding' }, [['2026-06-10', '450'], ['2026-06-20', '100']]);
    expect(show(r)).toEqual([['500', '2026-06-10'], ['500', '2026-06-20']]);
    expect(r.endingStock.toString()).toBe('450');
    expect(r.explanation.text).toBe(
      'projected -450 on 2026-06-10 is below 0: net requirement 450; minimumWithRounding quantity for 450: 500; ' +
        'projected -50 on 2026-06-20 is below 0: net requirement 50; minimumWithRounding quantity for 50: 500',
    );
  });

  it('splits each suggestion; successive lots end on the requirement date', () => {
    const r = run({ reorderQuantity: 'net', splitting: 'successive' }, [['2026-06-10', '250']]);
    expect(show(r)).toEqual([['100', '2026-06-06'], ['100', '2026-06-08'], ['50', '2026-06-10']]);
    expect(r.suggestions.map((s) => [s.lot, s.lots, s.requirementDate, s.kind])).toEqual([
      [0, 3, '2026-06-10', 'POS'],
      [1, 3, '2026-06-10', 'POS'],
      [2, 3, '2026-06-10', 'POS'],
    ]);
  });

  it('counts past-due demand as due today', () => {
    expect(show(run({}, [['2026-05-20', '7']]))).toEqual([['7', today]]);
  });

  it('safety stock: with the flag, netting keeps the projection at or above it; without, it is ignored', () => {
    const withFlag = run({ safetyStock: true }, [['2026-06-05', '5']], [], {}, '10');
    expect(show(withFlag)).toEqual([['10', today], ['5', '2026-06-05']]);
    expect(withFlag.endingStock.toString()).toBe('20');
    const without = run({ safetyStock: false }, [['2026-06-05', '5']], [], {}, '10');
    expect(show(without)).toEqual([]);
  });

  it('shrinkage grosses production suggestions up, not purchases, and nets work in progress down', () => {
    expect(show(run({ applyShrinkage: true }, [['2026-06-10', '200']], [], { kind: 'WOS' }))).toEqual([['210', '2026-06-10']]);
    expect(show(run({ applyShrinkage: true }, [['2026-06-10', '200']], [], { kind: 'POS' }))).toEqual([['200', '2026-06-10']]);
    expect(show(run({ applyShrinkage: false }, [['2026-06-10', '200']], [], { kind: 'WOS' }))).toEqual([['200', '2026-06-10']]);
    // 100 remaining on a work order in progress yields 95: requirement 105, grossed up to 110.25, 111 at step 1.
    const wip = [supply('WO1', '2026-06-05', '100', 'firm', true)];
    expect(show(run({ applyShrinkage: true }, [['2026-06-10', '200']], wip, { kind: 'WOS' }))).toEqual([['110.25', '2026-06-10']]);
    const stepped = run({ applyShrinkage: true }, [['2026-06-10', '200']], wip, { kind: 'WOS', uomStep: dec(1) });
    expect(show(stepped)).toEqual([['111', '2026-06-10']]);
    expect(stepped.endingStock.toString()).toBe('0.75'); // 95 + 111 - 5.25 expected loss - 200
  });
});

describe('firm horizon and replanning analysis', () => {
  const replan = { replanningAnalysis: true };

  it('advance: an order beyond the horizon is pulled to the date that needs it', () => {
    const r = run(replan, [['2026-06-15', '100']], [supply('S2', '2026-06-25', '100')]);
    expect(messages(r)).toEqual([['S2', 'advance', '2026-06-15', '100']]);
    expect(show(r)).toEqual([]);
  });

  it('delay: an order that arrives before it is needed is pushed out', () => {
    const r = run(replan, [['2026-06-20', '100']], [supply('S2', '2026-06-12', '100')]);
    expect(messages(r)).toEqual([['S2', 'delay', '2026-06-20', '100']]);
  });

  it('increase: a shortage left on the date an order was pulled to makes that order bigger', () => {
    const r = run(replan, [['2026-06-15', '150']], [supply('S2', '2026-06-15', '100')]);
    expect(messages(r)).toEqual([['S2', 'increase', '2026-06-15', '150']]);
    expect(show(r)).toEqual([]);
  });

  it('reduce: an order bigger than ever needed is cut to what is used', () => {
    const r = run(replan, [['2026-06-15', '60']], [supply('S2', '2026-06-15', '100')]);
    expect(messages(r)).toEqual([['S2', 'reduce', '2026-06-15', '60']]);
    expect(r.endingStock.toString()).toBe('0');
  });

  it('cancel: an order never needed is cancelled; advance and reduce can combine', () => {
    expect(messages(run(replan, [], [supply('S3', '2026-06-30', '50')]))).toEqual([['S3', 'cancel', '2026-06-30', '0']]);
    const r = run(replan, [['2026-06-15', '30']], [supply('S2', '2026-06-25', '100')]);
    expect(messages(r)).toEqual([
      ['S2', 'advance', '2026-06-15', '100'],
      ['S2', 'reduce', '2026-06-15', '30'],
    ]);
    expect(r.explanation.text).toContain('reduce order S2 to 30 on 2026-06-15');
  });

  it('a reduction respects the reorder quantity (economic lot)', () => {
    const r = run({ ...replan, reorderQuantity: 'minimumWithoutRounding' }, [['2026-06-15', '60']], [supply('S2', '2026-06-15', '800')]);
    expect(messages(r)).toEqual([['S2', 'reduce', '2026-06-15', '500']]);
  });

  it('orders inside the firm horizon are never changed', () => {
    const r = run(replan, [['2026-06-20', '100']], [supply('F1', '2026-06-05', '40', 'firm'), supply('F2', '2026-06-11', '300', 'firm')]);
    expect(r.messages).toEqual([]);
    expect(r.endingStock.toString()).toBe('240');
  });

  it('without the flag, existing orders beyond the horizon are used as they are and get no message', () => {
    const r = run({}, [['2026-06-15', '100']], [supply('S2', '2026-06-25', '100'), supply('S3', '2026-06-30', '50')]);
    expect(r.messages).toEqual([]);
    expect(show(r)).toEqual([['100', '2026-06-15']]);
  });
});

describe('suggestion types', () => {
  const demands: [string, string][] = [['2026-06-10', '50'], ['2026-06-20', '30']];

  it('no processing: nothing at all', () => {
    const r = run({ suggestionType: 'noProcessing' }, demands);
    expect([r.suggestions, r.requirements]).toEqual([[], []]);
    expect(r.explanation.text).toBe('policy P: no processing');
  });
  it('MRP pegging only: requirements, no suggestions', () => {
    const r = run({ suggestionType: 'mrpPeggingOnly' }, demands);
    expect(r.suggestions).toEqual([]);
    expect(r.requirements.map((q) => [q.date, q.quantity.toString()])).toEqual([['2026-06-10', '50'], ['2026-06-20', '30']]);
  });
  it('with and without MRP pegging: suggestions for the parent', () => {
    expect(show(run({ suggestionType: 'withoutMrpPegging' }, demands))).toEqual([['50', '2026-06-10'], ['30', '2026-06-20']]);
    expect(show(run({ suggestionType: 'withMrpPegging' }, demands))).toEqual([['50', '2026-06-10'], ['30', '2026-06-20']]);
  });

  it('trace requirements carry the parent document number and code M + W|S + S|P|F, with MRP pegging only', () => {
    expect([traceRequirementCode('workOrder', 'suggestion'), traceRequirementCode('subcontract', 'planned'), traceRequirementCode('workOrder', 'firm')]).toEqual(['MWS', 'MSP', 'MWF']);
    const parent = { documentNumber: 'WOS0001', document: 'workOrder' as const, status: 'suggestion' as const, quantity: dec(10), startDate: '2026-06-08' };
    const components = [{ productId: 'C1', quantityPerParent: dec(2) }, { productId: 'C2', quantityPerParent: dec('0.5') }];
    expect(traceRequirements(parent, components, 'withMrpPegging').map((t) => [t.productId, t.quantity.toString(), t.dueDate, t.documentNumber, t.code])).toEqual([
      ['C1', '20', '2026-06-08', 'WOS0001', 'MWS'],
      ['C2', '5', '2026-06-08', 'WOS0001', 'MWS'],
    ]);
    expect(traceRequirements(parent, components, 'withoutMrpPegging')).toEqual([]);
    expect(traceRequirements(parent, components, 'mrpPeggingOnly')).toEqual([]);
  });

  it('suggestion kinds by route', () => {
    expect((['buy', 'manufacture', 'transfer', 'byProduct'] as const).map(suggestionKindFor)).toEqual(['POS', 'WOS', 'TRS', 'BWS']);
  });

  it('phantoms: own stock consumed first, components for the rest', () => {
    const p = (t: Parameters<typeof phantomRequirement>[0], stock: string) => {
      const o = phantomRequirement(t, dec(10), dec(stock));
      return [o.phantomDemand?.toString() ?? null, o.componentQuantity?.toString() ?? null];
    };
    expect(p('withMrpPegging', '0')).toEqual([null, '10']);
    expect(p('withMrpPegging', '4')).toEqual(['4', '6']);
    expect(p('withMrpPegging', '15')).toEqual(['10', '0']);
    expect(p('mrpPeggingOnly', '0')).toEqual(['10', '10']);
    expect(p('mrpPeggingOnly', '4')).toEqual(['10', '6']);
    expect(p('withoutMrpPegging', '4')).toEqual([null, null]);
    expect(p('noProcessing', '4')).toEqual([null, null]);
  });
});
