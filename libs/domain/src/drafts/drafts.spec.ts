import {
  DraftNotEditableError,
  InvalidQuantityError,
  TopUpKeyMismatchError,
  cancelDraft,
  confirmDraft,
  dec,
  defineUom,
  draftQuantity,
  draftTypeForRoute,
  mergeNeed,
  shrinkLine,
  topUpKeyString,
  type DraftOrder,
  type Need,
  type TopUpKey,
} from '../index.js';

const units = defineUom({ code: 'Units', category: 'unit' });
const dozens = defineUom({ code: 'Dozens', category: 'unit', factor: '12' });
const key: TopUpKey = { type: 'purchase', sourceId: 'vendor-1', destinationWarehouseId: 'WH' };

function need(productId: string, quantity: string, plannedDate: string, origin: Need['origin'] = { kind: 'rule', id: 'rule-1', eventId: 'e1' }): Need {
  return { key, productId, quantity: dec(quantity), uom: units, plannedDate, origin };
}

describe('draft order aggregation', () => {
  it('raises a new draft at version 1 when none is open', () => {
    const r = mergeNeed(null, need('P1', '40', '2026-12-01'));
    expect(r.change).toBe('raised');
    expect(r.draft.state).toBe('draft');
    expect(r.draft.version).toBe(1);
    expect(r.draft.lines).toHaveLength(1);
    expect(r.lineChange).toMatchObject({ kind: 'added', productId: 'P1', plannedDate: '2026-12-01' });
    expect(r.lineChange?.quantity.toString()).toBe('40');
  });

  it('tops up the line of a product already on the draft, moving its planned date earlier only', () => {
    const first = mergeNeed(null, need('P1', '40', '2026-12-05')).draft;
    const later = mergeNeed(first, need('P1', '10', '2026-12-09', { kind: 'salesOrderLine', id: 'SOL-1', salesOrderId: 'SO-1', eventId: 'e2' }));
    expect(later.change).toBe('updated');
    expect(later.draft.version).toBe(2);
    expect(later.draft.lines[0]?.quantity.toString()).toBe('50');
    expect(later.draft.lines[0]?.plannedDate).toBe('2026-12-05');
    const earlier = mergeNeed(later.draft, need('P1', '5', '2026-12-02'));
    expect(earlier.draft.lines[0]?.plannedDate).toBe('2026-12-02');
    expect(earlier.lineChange).toMatchObject({ kind: 'increased', previousPlannedDate: '2026-12-05', plannedDate: '2026-12-02' });
    expect(earlier.draft.version).toBe(3);
    // Every origin is kept: why, for whom and which event.
    expect(earlier.draft.lines[0]?.origins.map((o) => [o.kind, o.id, o.quantity.toString(), o.eventId])).toEqual([
      ['rule', 'rule-1', '40', 'e1'],
      ['salesOrderLine', 'SOL-1', '10', 'e2'],
      ['rule', 'rule-1', '5', 'e1'],
    ]);
  });

  it('adds a line for another product', () => {
    const d = mergeNeed(mergeNeed(null, need('P1', '40', '2026-12-05')).draft, need('P2', '3', '2026-12-06'));
    expect(d.draft.lines.map((l) => l.productId)).toEqual(['P1', 'P2']);
    expect(d.lineChange?.kind).toBe('added');
  });

  it('converts a need in another UoM of the category into the line UoM, half-up', () => {
    const d = mergeNeed(null, need('P1', '12', '2026-12-05')).draft;
    const r = mergeNeed(d, { ...need('P1', '2', '2026-12-05'), uom: dozens });
    expect(r.draft.lines[0]?.quantity.toString()).toBe('36');
  });

  it('refuses to modify a confirmed or cancelled draft, a foreign key, or a zero need', () => {
    const d = mergeNeed(null, need('P1', '40', '2026-12-05')).draft;
    const confirmed = confirmDraft(d);
    expect(confirmed.draft.state).toBe('confirmed');
    expect(confirmed.draft.version).toBe(2);
    expect(() => mergeNeed(confirmed.draft, need('P1', '1', '2026-12-05'))).toThrow(DraftNotEditableError);
    expect(() => shrinkLine(confirmed.draft, { productId: 'P1', quantity: dec(1) })).toThrow(DraftNotEditableError);
    expect(() => cancelDraft(cancelDraft(d).draft)).toThrow(DraftNotEditableError);
    expect(() => mergeNeed(d, { ...need('P1', '1', '2026-12-05'), key: { ...key, sourceId: 'vendor-2' } })).toThrow(TopUpKeyMismatchError);
    expect(() => mergeNeed(d, need('P1', '0', '2026-12-05'))).toThrow(InvalidQuantityError);
  });

  it('shrinks a line by origin, newest first; removes the line at zero; cancels the draft when empty', () => {
    let d: DraftOrder = mergeNeed(null, need('P1', '40', '2026-12-05')).draft;
    d = mergeNeed(d, need('P1', '10', '2026-12-05', { kind: 'salesOrderLine', id: 'SOL-1', salesOrderId: 'SO-1' })).draft;
    d = mergeNeed(d, need('P2', '3', '2026-12-05')).draft;

    const s1 = shrinkLine(d, { productId: 'P1', quantity: dec(4), origin: { kind: 'salesOrderLine', id: 'SOL-1' } });
    expect(s1.change).toBe('updated');
    expect(s1.draft.lines[0]?.quantity.toString()).toBe('46');
    expect(s1.draft.lines[0]?.origins.map((o) => o.quantity.toString())).toEqual(['40', '6']);
    expect(s1.notShrunk.toString()).toBe('0');

    // The origin only holds 6: the rest is reported, not taken from the rule's share.
    const s2 = shrinkLine(s1.draft, { productId: 'P1', quantity: dec(10), origin: { kind: 'salesOrderLine', id: 'SOL-1' } });
    expect(s2.draft.lines[0]?.quantity.toString()).toBe('40');
    expect(s2.notShrunk.toString()).toBe('4');

    const s3 = shrinkLine(s2.draft, { productId: 'P2', quantity: dec(3) });
    expect(s3.lineChange?.kind).toBe('removed');
    expect(s3.draft.lines.map((l) => l.productId)).toEqual(['P1']);
    const s4 = shrinkLine(s3.draft, { productId: 'P1', quantity: dec(40) });
    expect(s4.change).toBe('cancelled');
    expect(s4.draft.state).toBe('cancelled');
    expect(s4.draft.version).toBe(d.version + 4);
  });

  it('reports an unchanged draft when there is nothing to shrink', () => {
    const d = mergeNeed(null, need('P1', '40', '2026-12-05')).draft;
    const r = shrinkLine(d, { productId: 'P9', quantity: dec(1) });
    expect(r.change).toBe('unchanged');
    expect(r.draft).toBe(d);
  });

  it('exposes the key, the route type and the quantity in progress', () => {
    expect(topUpKeyString(key)).toBe('purchase|vendor-1|WH');
    expect(draftTypeForRoute('manufacture')).toBe('manufacturing');
    expect(draftTypeForRoute('resupply')).toBe('transfer');
    const d = mergeNeed(null, need('P1', '40', '2026-12-05')).draft;
    expect(draftQuantity(d, 'P1').toString()).toBe('40');
    expect(draftQuantity(confirmDraft(d).draft, 'P1').toString()).toBe('0');
  });
});
