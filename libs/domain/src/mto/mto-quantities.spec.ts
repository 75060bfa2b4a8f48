import { dec, defineUom, excessShares, heldForSalesLines, mtoReorderQuantity, type DraftHoldingOfLine, type DraftOrder } from '../index.js';

const units = defineUom({ code: 'Units', category: 'unit' });
const dozens = defineUom({ code: 'Dozens', category: 'unit', factor: '12' });
const holding = (draftId: string, state: DraftHoldingOfLine['state'], quantity: string): DraftHoldingOfLine => ({ draftId, state, quantity: dec(quantity) });
const shares = (holdings: DraftHoldingOfLine[], lineQuantity: string, excess: string) =>
  excessShares({ holdings, lineQuantity: dec(lineQuantity), excess: dec(excess) }).map((s) => [s.draftId, s.quantity.toString()]);

describe('the excess of an MTO line on its confirmed drafts', () => {
  it('given one confirmed draft holding the whole line, when the line decreases, then the whole excess is on it', () => {
    expect(shares([holding('D1', 'confirmed', '10')], '7', '3')).toEqual([['D1', '3']]);
  });

  it('given two confirmed drafts, when the excess is larger than the newest holds, then it runs on to the older one', () => {
    // Newest first: D2 holds 2 of the excess, D1 the remaining 3.
    expect(shares([holding('D2', 'confirmed', '2'), holding('D1', 'confirmed', '8')], '5', '5')).toEqual([['D2', '2'], ['D1', '3']]);
  });

  it('given an earlier decrease reported the newest part, when the line decreases again, then this excess is the part right after it', () => {
    // The confirmed drafts hold 10 for a line of 6: over-supply 4, of which 3 is this decrease and 1 was reported before (on D2).
    expect(shares([holding('D2', 'confirmed', '2'), holding('D1', 'confirmed', '8')], '6', '3')).toEqual([['D2', '1'], ['D1', '2']]);
  });

  it('given an open draft, when the line decreases, then the open draft is served first and only the rest is over-supply', () => {
    // The open draft delivers 4 of the line's 9, leaving 5 for the confirmed 8: over-supply 3, all of it this excess.
    expect(shares([holding('D3', 'draft', '4'), holding('D2', 'confirmed', '3'), holding('D1', 'confirmed', '5')], '9', '3')).toEqual([['D2', '3']]);
    // An open draft holding more than the line leaves nothing for the confirmed drafts to deliver.
    expect(shares([holding('D3', 'draft', '12'), holding('D1', 'confirmed', '5')], '9', '5')).toEqual([['D1', '5']]);
  });

  it('given no confirmed draft, or a confirmed draft holding nothing of the excess, then no share is named', () => {
    expect(shares([holding('D3', 'draft', '4')], '2', '2')).toEqual([]);
    expect(shares([], '0', '2')).toEqual([]);
    expect(shares([holding('D1', 'confirmed', '5')], '5', '0')).toEqual([]);
  });
});

describe('what a cancelled draft held for each sales line', () => {
  const draft = {
    lines: [
      { productId: 'P1', quantity: dec(7), uom: units, plannedDate: '2026-12-10', origins: [
        { kind: 'salesOrderLine', id: 'SOL-2', quantity: dec(3) }, { kind: 'rule', id: 'R1', quantity: dec(2) }, { kind: 'salesOrderLine', id: 'SOL-1', quantity: dec(2) },
      ] },
      { productId: 'P2', quantity: dec(1), uom: dozens, plannedDate: '2026-12-10', origins: [{ kind: 'salesOrderLine', id: 'SOL-3', quantity: dec(1) }] },
      { productId: 'P1', quantity: dec(4), uom: units, plannedDate: '2026-12-11', origins: [{ kind: 'salesOrderLine', id: 'SOL-2', quantity: dec(4) }] },
    ],
  } as Pick<DraftOrder, 'lines'>;

  it('given origins of sales lines and of a rule, then each sales line gets the sum of its origins in its draft line UoM, sorted by line id', () => {
    expect(heldForSalesLines(draft).map((h) => [h.salesLineId, h.quantity.toString(), h.uom.code])).toEqual([
      ['SOL-1', '2', 'Units'], ['SOL-2', '7', 'Units'], ['SOL-3', '1', 'Dozens'],
    ]);
  });

  it('given a draft without sales line origins, then it held nothing for any line', () => {
    expect(heldForSalesLines({ lines: [] })).toEqual([]);
  });
});

describe('the quantity an MTO line orders again when its draft is cancelled', () => {
  const reorder = (lineQuantity: string, onLiveDrafts: string, held: string) =>
    mtoReorderQuantity({ lineQuantity: dec(lineQuantity), onLiveDrafts: dec(onLiveDrafts), held: dec(held) }).toString();

  it('given nothing else on order, then it orders what the draft held', () => {
    expect(reorder('8', '0', '8')).toBe('8');
  });

  it('given part of the line on a confirmed draft, then it orders only the cancelled draft share', () => {
    expect(reorder('8', '5', '3')).toBe('3');
    expect(reorder('8', '5', '6')).toBe('3');
  });

  it('given a line decreased below what is still on order, then there is nothing to order (zero or less)', () => {
    expect(reorder('0', '0', '4')).toBe('0');
    expect(dec(reorder('2', '5', '4')).gt(0)).toBe(false);
  });
});
