import { Explanation, explainPlannedDate, joinClauses, renderPlannedDate, salesLineName, salesOrderName } from '../index.js';

describe('documents named as users know them', () => {
  const ids = { salesOrderId: '5f0c1b9e-0000-4000-8000-000000000001', lineId: '5f0c1b9e-0000-4000-8000-000000000002' };

  it('a sales order line by its order reference and line number', () => {
    expect(salesLineName({ ...ids, orderRef: 'SO-2', lineNo: 1, lineRef: 'L7' })).toBe('SO-2, line 1');
  });

  it('by its upstream line reference when its number is unknown, by ids when nothing else is', () => {
    expect(salesLineName({ ...ids, orderRef: 'SO-2', lineRef: 'L7' })).toBe('SO-2, line L7');
    expect(salesLineName({ ...ids, orderRef: 'SO-2' })).toBe(`SO-2, line ${ids.lineId}`);
    expect(salesLineName(ids)).toBe(`line ${ids.lineId} of sales order ${ids.salesOrderId}`);
  });

  it('a sales order by its reference, else by id', () => {
    expect(salesOrderName({ ...ids, orderRef: 'SO-2' })).toBe('sales order SO-2');
    expect(salesOrderName({ ...ids, orderRef: null })).toBe(`sales order ${ids.salesOrderId}`);
  });
});

describe('the planned date of a draft line', () => {
  const decision = new Explanation([{ code: 'forecast', date: '2026-12-12', quantity: 3 }], (steps) => joinClauses(steps.map((s) => `forecast ${String(s['quantity'])}`)));

  it('says that the security lead time makes it differ from the lead days date', () => {
    const e = explainPlannedDate(decision, { needDate: '2026-12-12', plannedDate: '2026-12-10' }, 2, 'lead days date');
    expect(e.text).toBe('forecast 3; planned for 2026-12-10: the lead days date 2026-12-12 minus 2 security lead days');
    expect(e.steps.map((s) => s.code)).toEqual(['forecast', 'planned-date']);
    expect(e.step('planned-date')).toEqual({
      code: 'planned-date', plannedDate: '2026-12-10', needDate: '2026-12-12', need: 'lead days date', securityLeadDays: 2,
    });
  });

  it('one security lead day in the singular; none: the planned date is the need date', () => {
    expect(explainPlannedDate(decision, { needDate: '2026-12-12', plannedDate: '2026-12-11' }, 1, 'delivery date').text)
      .toBe('forecast 3; planned for 2026-12-11: the delivery date 2026-12-12 minus 1 security lead day');
    expect(explainPlannedDate(decision, { needDate: '2026-12-12', plannedDate: '2026-12-12' }, 0, 'lead days date').text)
      .toBe('forecast 3; planned for 2026-12-12, the lead days date');
  });

  it('leaves the decision it follows unchanged', () => {
    explainPlannedDate(decision, { needDate: '2026-12-12', plannedDate: '2026-12-10' }, 2, 'lead days date');
    expect(decision.text).toBe('forecast 3');
    expect(renderPlannedDate(decision.steps)).toBe('');
  });
});
