import { createHash } from 'node:crypto';
import { planMrp, type MrpInput, type MrpItem } from '../../shared/domain.js';
import { planRows } from './plan-rows.js';

const WH = 'WH1';
const item = (productId: string, over: Partial<MrpItem>): MrpItem => ({ productId, warehouseId: WH, policy: { code: 'P' }, planning: {}, replenishment: 'buy', leadDays: 2, onHand: '0', uomStep: '1', ...over });
/** A kit between a made product and its bought component, a sales line on the product. */
const input: MrpInput = {
  runAt: new Date('2026-06-01T08:00:00Z'), timeZone: 'UTC', bucket: 'day', horizonDays: 30,
  items: [
    item('P', { replenishment: 'manufacture', bom: { bomId: 'B-P', outputQuantity: '1', phantom: false, components: [{ productId: 'K', quantity: '2' }] } }),
    item('K', { replenishment: 'manufacture', bom: { bomId: 'B-K', outputQuantity: '1', phantom: true, components: [{ productId: 'C', quantity: '3' }] } }),
    item('C', {}),
  ],
  demands: [{ id: 'SO-1', productId: 'P', warehouseId: WH, source: 'salesOrderLine', date: '2026-06-10', quantity: '4', document: 'SO-1 line 1' }],
  receipts: [],
};
const plans = planMrp(input).plans;
const planOf = (productId: string) => plans.find((p) => p.productId === productId) as (typeof plans)[number];
const sha1 = (text: string) => createHash('sha1').update(text).digest('base64');
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('planRows (a plan as a run writes it)', () => {
  it('digests the rows as stored, not who wrote them: of the suggestions and their pegs, of the messages (empty for none), of the whole plan', () => {
    const plan = planOf('P');
    const byRun = planRows(plan, { runId: 'r' }, new Set());
    const byEvent = planRows(plan, { eventId: 'e-1' }, new Set());
    expect(byRun.suggestionsFingerprint).toBe(sha1(`${text(byEvent.copy.suggestions).replaceAll('\t\\N\te-1\n', '\n')}\f${text(byEvent.copy.pegging)}\f`));
    expect(byRun.messagesFingerprint).toBe('');
    expect([byRun.suggestionsFingerprint, byRun.planFingerprint]).toEqual([byEvent.suggestionsFingerprint, byEvent.planFingerprint]);
    expect(byRun.planFingerprint).not.toBe(planRows(plan, {}, new Set(['SO-1'])).planFingerprint);
  });

  it('writes each suggestion with its explanation, each peg and each requirement as a row of COPY text (UTF-8)', () => {
    const plan = planOf('C');
    const rows = planRows(plan, { eventId: 'e-1' }, new Set());
    const suggestion = plan.suggestions[0] as (typeof plan.suggestions)[number];
    expect(text(rows.copy.suggestions)).toBe(
      `${suggestion.id}\tC\tWH1\tPOS\t24\t${suggestion.dueDate}\t${suggestion.startDate}\tf\t${suggestion.requirementDate}\t0\t1\t{}\t${suggestion.explanation}\t\\N\te-1\n`,
    );
    expect(text(rows.copy.requirements).trim().split('\n').map((l) => l.split('\t'))).toEqual(plan.requirements.map((r) => [r.id, 'C', 'WH1', r.quantity, r.date, r.code, r.parentId, 'P', 'WH1', 'K', '\\N', 'e-1']));
    expect(text(rows.copy.pegging).trim().split('\n')).toHaveLength(suggestion.pegging.length);
    expect(rows.kitRequirements).toEqual(plan.requirements.map((r) => ({ id: r.id, parent: 'P@WH1' })));
    expect(rows.suggestions).toEqual([{ id: suggestion.id, kind: 'POS', quantity: '24', dueDate: suggestion.dueDate, startDate: suggestion.startDate, late: false }]);
  });

  it('pegs a demand that stands for a stored requirement (a parent not planned again) as a requirement', () => {
    const plan = planOf('P');
    const rows = planRows(plan, {}, new Set(['SO-1']));
    expect(text(rows.copy.pegging).split('\n')[0]?.split('\t').slice(4, 6)).toEqual(['requirement', 'SO-1']);
  });
});
