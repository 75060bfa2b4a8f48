import { DraftNotEditableError, InvalidQuantityError, TopUpKeyMismatchError } from '../errors.js';
import { Decimal } from '../quantity/decimal.js';
import { convertAmount } from '../quantity/uom.js';
import { sameTopUpKey, topUpKeyString, type DraftLine, type DraftOrder, type Need, type Origin } from './draft-order.js';

/** What happened to one line. */
export interface LineChange {
  readonly productId: string;
  readonly kind: 'added' | 'increased' | 'decreased' | 'removed';
  readonly previousQuantity: Decimal;
  readonly quantity: Decimal;
  readonly previousPlannedDate: string | null;
  readonly plannedDate: string | null;
}

export interface DraftChange {
  readonly draft: DraftOrder;
  /**
   * raised: a new draft; updated: lines changed; cancelled: the last line went (or cancelled by hand);
   * confirmed: frozen; unchanged: nothing to do (the version did not move, nothing to publish).
   */
  readonly change: 'raised' | 'updated' | 'cancelled' | 'confirmed' | 'unchanged';
  readonly lineChange?: LineChange;
}

export function assertEditable(draft: DraftOrder): void {
  if (draft.state !== 'draft') throw new DraftNotEditableError(draft.id, draft.state);
}

/**
 * Merges a need into the open draft of its key, or raises a new draft when there is none (docs/semantics.md,
 * "Draft orders"). A product already on the draft has its line increased and its planned date moved earlier if
 * the need is earlier (never later: an earlier need would otherwise be late); otherwise a line is added.
 * The need's origin is appended, so every quantity still says why and for whom it was ordered.
 */
export function mergeNeed(draft: DraftOrder | null, need: Need): DraftChange {
  if (!need.quantity.gt(0)) throw new InvalidQuantityError('need quantity', need.quantity.toString());
  if (draft !== null) {
    assertEditable(draft);
    if (!sameTopUpKey(draft.key, need.key)) throw new TopUpKeyMismatchError(topUpKeyString(draft.key), topUpKeyString(need.key));
  }
  const base: DraftOrder = draft ?? { key: need.key, state: 'draft', version: 0, lines: [] };
  const index = base.lines.findIndex((l) => l.productId === need.productId);
  const lines = [...base.lines];
  let lineChange: LineChange;

  if (index < 0) {
    const origin: Origin = { ...need.origin, quantity: need.quantity };
    lines.push({ productId: need.productId, quantity: need.quantity, uom: need.uom, plannedDate: need.plannedDate, origins: [origin] });
    lineChange = { productId: need.productId, kind: 'added', previousQuantity: new Decimal(0), quantity: need.quantity, previousPlannedDate: null, plannedDate: need.plannedDate };
  } else {
    const line = lines[index] as DraftLine;
    // The line keeps its UoM; a need in another unit of the category is converted half-up at its step.
    const added = need.uom === line.uom ? need.quantity : convertAmount(need.quantity, need.uom, line.uom);
    const plannedDate = need.plannedDate < line.plannedDate ? need.plannedDate : line.plannedDate;
    const quantity = line.quantity.plus(added);
    lines[index] = { ...line, quantity, plannedDate, origins: [...line.origins, { ...need.origin, quantity: added }] };
    lineChange = { productId: line.productId, kind: 'increased', previousQuantity: line.quantity, quantity, previousPlannedDate: line.plannedDate, plannedDate };
  }
  return { draft: { ...base, version: base.version + 1, lines }, change: draft === null ? 'raised' : 'updated', lineChange };
}
