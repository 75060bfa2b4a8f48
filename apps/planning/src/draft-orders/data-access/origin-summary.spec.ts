import { dec } from '../../shared/domain.js';
import { originChanges, summarize, type StoredOrigin } from './origin-summary.js';

const rule = (q: string, eventId: string): StoredOrigin => ({ kind: 'rule', id: 'R1', quantity: dec(q), eventId, evaluationId: `ev-${eventId}` });
const mto = (q: string): StoredOrigin => ({ kind: 'salesOrderLine', id: 'SOL-1', quantity: dec(q), eventId: 'e9', salesOrderId: 'SO-1' });

describe('origin summary', () => {
  it('sums origins per (kind, ref) in order of first appearance, keeping event and evaluation only for a single origin', () => {
    expect(summarize([rule('1', 'e1'), mto('4'), rule('2.5', 'e2')])).toEqual([
      { kind: 'rule', ref: 'R1', quantity: '3.5' },
      { kind: 'sales-order-line', ref: 'SOL-1', quantity: '4', eventId: 'e9', salesOrderId: 'SO-1' },
    ]);
  });
});

describe('origin changes of a version (decision planning-025)', () => {
  it('a top-up: what it appended, summed per (kind, ref), with the event when one origin is the change', () => {
    expect(originChanges([], [rule('2', 'e2')])).toEqual([{ kind: 'rule', ref: 'R1', quantity: '2', eventId: 'e2' }]);
    expect(originChanges([], [rule('2', 'e2'), rule('1', 'e3')])).toEqual([{ kind: 'rule', ref: 'R1', quantity: '3' }]);
  });

  it('a shrink: the entries whose sums moved, negative, and those that went; the unchanged ones are left out', () => {
    const before = [rule('1', 'e1'), mto('4'), rule('2', 'e2')];
    expect(originChanges(before, [rule('1', 'e1'), mto('4')])).toEqual([{ kind: 'rule', ref: 'R1', quantity: '-2' }]);
    expect(originChanges(before, [rule('1', 'e1'), rule('2', 'e2')])).toEqual([{ kind: 'sales-order-line', ref: 'SOL-1', quantity: '-4' }]);
  });

  it('adds up to the whole summary: the sums of every change since the draft was raised', () => {
    const v1 = [rule('1', 'e1')];
    const v2 = [...v1, mto('4')];
    const v3 = [...v2, rule('2', 'e2')];
    const v4 = [rule('1', 'e1'), mto('1.5'), rule('2', 'e2')];
    const folded = new Map<string, ReturnType<typeof dec>>();
    for (const [b, a] of [[[], v1], [v1, v2], [v2, v3], [v3, v4]] as const) {
      for (const c of originChanges(b, a)) folded.set(`${c.kind}|${c.ref}`, (folded.get(`${c.kind}|${c.ref}`) ?? dec(0)).plus(c.quantity));
    }
    expect([...folded].map(([k, q]) => [k, q.toString()])).toEqual(summarize(v4).map((e) => [`${e.kind}|${e.ref}`, e.quantity]));
  });
});
