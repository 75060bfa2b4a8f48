import { InvalidQuantityError } from '../errors.js';
import { Decimal } from '../quantity/decimal.js';
import type { DraftLine, DraftOrder, Origin, OriginKind } from './draft-order.js';
import { assertEditable, type DraftChange, type LineChange } from './merge-need.js';

export interface ShrinkRequest {
  readonly productId: string;
  readonly quantity: Decimal;
  /** Shrink only what this origin contributed (an MTO line's decrease); any origin when absent. */
  readonly origin?: { readonly kind: OriginKind; readonly id: string };
}

export interface ShrinkResult extends DraftChange {
  /** What could not be taken off because the line (or the origin's share) held less. */
  readonly notShrunk: Decimal;
}

/**
 * Takes quantity off a draft line, newest contributions first (the last need added is the first undone).
 * The line goes at zero; the draft is cancelled when its last line goes. Refuses a non-draft.
 */
export function shrinkLine(draft: DraftOrder, request: ShrinkRequest): ShrinkResult {
  assertEditable(draft);
  if (!request.quantity.gt(0)) throw new InvalidQuantityError('shrink quantity', request.quantity.toString());
  const index = draft.lines.findIndex((l) => l.productId === request.productId);
  if (index < 0) return { draft, change: 'unchanged', notShrunk: request.quantity };
  const line = draft.lines[index] as DraftLine;

  let remaining = request.quantity;
  const origins: Origin[] = [...line.origins];
  for (let i = origins.length - 1; i >= 0 && remaining.gt(0); i--) {
    const o = origins[i] as Origin;
    if (request.origin && (o.kind !== request.origin.kind || o.id !== request.origin.id)) continue;
    const taken = o.quantity.lte(remaining) ? o.quantity : remaining;
    remaining = remaining.minus(taken);
    const left = o.quantity.minus(taken);
    if (left.isZero()) origins.splice(i, 1);
    else origins[i] = { ...o, quantity: left };
  }
  const shrunk = request.quantity.minus(remaining);
  if (shrunk.isZero()) return { draft, change: 'unchanged', notShrunk: remaining };

  const quantity = line.quantity.minus(shrunk);
  const lines = [...draft.lines];
  let lineChange: LineChange;
  if (quantity.gt(0)) {
    lines[index] = { ...line, quantity, origins };
    lineChange = { productId: line.productId, kind: 'decreased', previousQuantity: line.quantity, quantity, previousPlannedDate: line.plannedDate, plannedDate: line.plannedDate };
  } else {
    lines.splice(index, 1);
    lineChange = { productId: line.productId, kind: 'removed', previousQuantity: line.quantity, quantity: new Decimal(0), previousPlannedDate: line.plannedDate, plannedDate: null };
  }
  const empty = lines.length === 0;
  return {
    draft: { ...draft, version: draft.version + 1, lines, state: empty ? 'cancelled' : 'draft' },
    change: empty ? 'cancelled' : 'updated',
    lineChange,
    notShrunk: remaining,
  };
}
