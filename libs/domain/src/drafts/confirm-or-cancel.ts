import type { DraftOrder } from './draft-order.js';
import { assertEditable, type DraftChange } from './merge-need.js';

/**
 * What the purchasing, manufacturing or warehouse system decided about an open draft: it confirmed it (the
 * draft is frozen) or cancelled it. Either way no need tops it up any more.
 */

/** The system confirmed it: frozen from now on; the next need opens a new draft. */
export function confirmDraft(draft: DraftOrder): DraftChange {
  assertEditable(draft);
  return { draft: { ...draft, state: 'confirmed', version: draft.version + 1 }, change: 'confirmed' };
}

/** Cancels a draft (all lines stay for the record; the state says they will not be ordered). */
export function cancelDraft(draft: DraftOrder): DraftChange {
  assertEditable(draft);
  return { draft: { ...draft, state: 'cancelled', version: draft.version + 1 }, change: 'cancelled' };
}
