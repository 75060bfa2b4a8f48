import { dec } from '../../shared/domain.js';
import { fromSummary, summarize, type StoredOrigin } from './origin-summary.js';

const rule = (q: string, eventId: string): StoredOrigin => ({ kind: 'rule', id: 'R1', quantity: dec(q), eventId, evaluationId: `ev-${eventId}` });

describe('origin summary', () => {
  it('sums origins per (kind, ref) in order of first appearance, keeping event and evaluation only for a single origin', () => {
    const mto: StoredOrigin = { kind: 'salesOrderLine', id: 'SOL-1', quantity: dec('4'), eventId: 'e9', salesOrderId: 'SO-1' };
    expect(summarize([rule('1', 'e1'), mto, rule('2.5', 'e2')])).toEqual([
      { kind: 'rule', ref: 'R1', quantity: '3.5', count: 2 },
      { kind: 'sales-order-line', ref: 'SOL-1', quantity: '4', count: 1, eventId: 'e9', salesOrderId: 'SO-1' },
    ]);
  });

  it('adds origins appended to a loaded summary as if every origin had been read', () => {
    const all = [rule('1', 'e1'), rule('2', 'e2'), rule('3', 'e3')];
    const loaded = summarize(all.slice(0, 2)).map(fromSummary);
    expect(summarize([...loaded, all[2] as StoredOrigin])).toEqual(summarize(all));
    expect(summarize([rule('1', 'e1')].map((o) => o)).map(fromSummary)[0]).toMatchObject({ kind: 'rule', id: 'R1', count: 1, eventId: 'e1', evaluationId: 'ev-e1' });
  });
});
