import { changeMtoLine, confirmDraft, confirmMtoLine, dec, defineUom, mergeNeed, type DraftOrder, type MtoLine, type MtoTarget } from '../index.js';

const units = defineUom({ code: 'Units', category: 'unit' });
const target: MtoTarget = { key: { type: 'purchase', sourceId: 'V1', destinationWarehouseId: 'WH' }, plannedDate: '2026-12-10', eventId: 'evt-1' };
const line = (quantity: string): MtoLine => ({ salesOrderId: 'SO-7', lineId: 'SOL-1', productId: 'P1', quantity: dec(quantity), uom: units });

function draftFor(quantity: string): DraftOrder {
  const d = confirmMtoLine({ line: line(quantity), target });
  return mergeNeed(null, d.need!).draft;
}

describe('make to order', () => {
  it('a confirmed line raises a need for the whole line, linked to the sales order line', () => {
    const d = confirmMtoLine({ line: line('8'), target });
    expect(d.action).toBe('order');
    expect(d.need?.quantity.toString()).toBe('8');
    expect(d.need?.origin).toEqual({ kind: 'salesOrderLine', id: 'SOL-1', salesOrderId: 'SO-7', eventId: 'evt-1' });
    expect(d.explanation.text).toBe('MTO line SOL-1 of sales order SO-7 confirmed for 8; order the whole line: 8');
    // Merged into an open draft it is a top-up; into none it raises one.
    expect(mergeNeed(null, d.need!).change).toBe('raised');
    expect(mergeNeed(draftFor('2'), d.need!).draft.lines[0]?.quantity.toString()).toBe('10');
  });

  it('names the line by its order reference and number, and says how its planned date follows from the delivery date', () => {
    const named: MtoLine = { ...line('8'), orderRef: 'SO-2', lineNo: 1, lineRef: 'L1' };
    const dated: MtoTarget = { ...target, needDate: '2026-12-12', securityLeadDays: 2 };
    expect(confirmMtoLine({ line: named, target: dated }).explanation.text).toBe(
      'MTO SO-2, line 1 confirmed for 8; order the whole line: 8; planned for 2026-12-10: the delivery date 2026-12-12 minus 2 security lead days',
    );
    const raised = changeMtoLine({ line: { ...named, quantity: dec(12) }, previousQuantity: dec(8), linkedDraft: confirmDraft(draftFor('8')).draft, target: dated });
    expect(raised.explanation.text).toBe(
      'MTO SO-2, line 1 changed from 8 to 12; linked order is confirmed: raise a new draft for 4; planned for 2026-12-10: the delivery date 2026-12-12 minus 2 security lead days',
    );
    // The ids stay in the steps for machines.
    expect(raised.explanation.step('mto-change')).toMatchObject({ salesOrderId: 'SO-7', lineId: 'SOL-1', orderRef: 'SO-2', lineNo: 1 });
    const over = changeMtoLine({ line: { ...named, quantity: dec(5) }, previousQuantity: dec(8), linkedDraft: confirmDraft(draftFor('8')).draft, target });
    expect(over.exception?.message).toBe('over-ordered by 3 Units for sales order SO-2');
    expect(over.explanation.text).toBe('MTO SO-2, line 1 changed from 8 to 5; over-ordered by 3 for sales order SO-2');
  });

  it('take from stock first: no order when free stock covers the whole line, else the whole line', () => {
    expect(confirmMtoLine({ line: line('8'), target, takeFromStockFirst: true, freeStock: dec(8) }).action).toBe('fromStock');
    const partial = confirmMtoLine({ line: line('8'), target, takeFromStockFirst: true, freeStock: dec(7.5) });
    expect(partial.action).toBe('order');
    expect(partial.need?.quantity.toString()).toBe('8');
    // Off by default: free stock is ignored.
    expect(confirmMtoLine({ line: line('8'), target, freeStock: dec(100) }).action).toBe('order');
  });

  it('an increase tops up the linked draft while it is a draft', () => {
    const d = changeMtoLine({ line: line('12'), previousQuantity: dec(8), linkedDraft: draftFor('8'), target });
    expect(d.action).toBe('topUp');
    expect(d.draftChange?.draft.lines[0]?.quantity.toString()).toBe('12');
    expect(d.draftChange?.draft.version).toBe(2);
  });

  it('an increase after confirmation raises a new need for the difference', () => {
    const confirmed = confirmDraft(draftFor('8')).draft;
    const d = changeMtoLine({ line: line('12'), previousQuantity: dec(8), linkedDraft: confirmed, target });
    expect(d.action).toBe('raise');
    expect(d.need?.quantity.toString()).toBe('4');
    expect(d.draftChange).toBeUndefined();
  });

  it('a decrease shrinks the draft line; a cancel removes it and cancels the empty draft', () => {
    const dec3 = changeMtoLine({ line: line('5'), previousQuantity: dec(8), linkedDraft: draftFor('8'), target });
    expect(dec3.action).toBe('shrink');
    expect(dec3.draftChange?.draft.lines[0]?.quantity.toString()).toBe('5');
    const cancel = changeMtoLine({ line: line('0'), previousQuantity: dec(8), linkedDraft: draftFor('8'), target });
    expect(cancel.draftChange?.change).toBe('cancelled');
    expect(cancel.draftChange?.draft.lines).toHaveLength(0);
    expect(cancel.explanation.text).toContain('draft now empty and cancelled');
  });

  it('a decrease after confirmation changes nothing and records "over-ordered by X for sales order Y"', () => {
    const confirmed = confirmDraft(draftFor('8')).draft;
    const d = changeMtoLine({ line: line('5'), previousQuantity: dec(8), linkedDraft: confirmed, target });
    expect(d.action).toBe('exception');
    expect(d.draftChange).toBeUndefined();
    expect(d.exception?.quantity.toString()).toBe('3');
    expect(d.exception?.message).toBe('over-ordered by 3 Units for sales order SO-7');
  });

  it('a decrease beyond what the draft holds for the line reports the rest as over-ordered', () => {
    // 8 confirmed earlier, then +4 on a new draft; the line drops by 6: 4 come off the draft, 2 are over-ordered.
    const draft = mergeNeed(null, changeMtoLine({ line: line('12'), previousQuantity: dec(8), linkedDraft: confirmDraft(draftFor('8')).draft, target }).need!).draft;
    const d = changeMtoLine({ line: line('6'), previousQuantity: dec(12), linkedDraft: draft, target });
    expect(d.action).toBe('shrink');
    expect(d.draftChange?.change).toBe('cancelled');
    expect(d.exception?.quantity.toString()).toBe('2');
  });

  it('a line served from stock ignores a decrease and orders an increase', () => {
    expect(changeMtoLine({ line: line('5'), previousQuantity: dec(8), linkedDraft: null, target }).action).toBe('none');
    const inc = changeMtoLine({ line: line('9'), previousQuantity: dec(8), linkedDraft: null, target });
    expect(inc.action).toBe('raise');
    expect(inc.need?.quantity.toString()).toBe('1');
  });
});
