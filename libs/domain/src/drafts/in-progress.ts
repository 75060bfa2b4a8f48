import { Decimal, type DecimalInput } from '../quantity/decimal.js';
import type { DraftOrder } from './draft-order.js';

/** An open draft line of a product, with the quantities of its make-to-order origins. */
export interface InProgressLine {
  readonly quantity: DecimalInput;
  readonly mto: readonly { readonly quantity: DecimalInput }[];
}

/**
 * What open draft lines bring whatever their date ("in progress"): their quantities minus their make-to-order
 * origins, which count at their sales line's delivery date instead (decision planning-002).
 */
export function inProgressQuantity(lines: readonly InProgressLine[]): Decimal {
  let inProgress = new Decimal(0);
  for (const line of lines) {
    inProgress = inProgress.plus(line.quantity);
    for (const mto of line.mto) inProgress = inProgress.minus(mto.quantity);
  }
  return inProgress;
}

/** Total quantity of a product on a draft (what the projection counts as in progress while it is a draft). */
export function draftQuantity(draft: DraftOrder, productId: string): Decimal {
  if (draft.state !== 'draft') return new Decimal(0);
  return draft.lines.find((l) => l.productId === productId)?.quantity ?? new Decimal(0);
}
