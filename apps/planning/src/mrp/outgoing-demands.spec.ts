import { outgoingDemands } from './outgoing-demands.js';

const site = { productId: 'bike', warehouseId: 'WH1' };
const line = (lineId: string, quantity: string, deliveryDate: string, lineNo: number | null = 1) => ({ ...site, lineId, orderRef: `SO-${lineId}`, lineNo, quantity, deliveryDate });
const brief = (ds: ReturnType<typeof outgoingDemands>) => ds.map((d) => [d.id, d.source, d.date, d.quantity, d.document]);

describe('outgoingDemands', () => {
  it("gives each date's outgoing to the sales lines due that day, in their order, and the rest as other outgoing", () => {
    const demands = outgoingDemands(site, [{ date: '2030-01-10', quantity: '12' }, { date: '2030-01-11', quantity: '3' }], [
      line('a', '5', '2030-01-10'), line('b', '4', '2030-01-10', 2), line('c', '9', '2030-01-12'),
    ]);
    expect(brief(demands)).toEqual([
      ['sales-order-line:a', 'salesOrderLine', '2030-01-10', '5', 'SO-a, line 1'],
      ['sales-order-line:b', 'salesOrderLine', '2030-01-10', '4', 'SO-b, line 2'],
      ['outgoing:bike@WH1:2030-01-10', 'other', '2030-01-10', '3', 'other outgoing on 2030-01-10'],
      ['outgoing:bike@WH1:2030-01-11', 'other', '2030-01-11', '3', 'other outgoing on 2030-01-11'],
    ]);
  });

  it('pegs no more to the lines than inventory still plans to deliver (a line delivered in part)', () => {
    expect(brief(outgoingDemands(site, [{ date: '2030-01-10', quantity: '2' }], [line('a', '5', '2030-01-10', null), line('b', '4', '2030-01-10')]))).toEqual([
      ['sales-order-line:a', 'salesOrderLine', '2030-01-10', '2', 'SO-a'],
    ]);
  });
});
