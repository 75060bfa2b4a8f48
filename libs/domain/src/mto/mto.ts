import type { IsoDate } from '../dates/iso-date.js';
import { salesLineName, salesOrderName, type SalesLineNaming } from '../explanation/document-names.js';
import { Explanation, joinClauses, show, type ExplanationStep, type ExplanationValue } from '../explanation/explanation.js';
import { plannedDateStep, renderPlannedDate } from '../explanation/planned-date.js';
import { Decimal } from '../quantity/decimal.js';
import type { Uom } from '../quantity/uom.js';
import type { DraftOrder, Need, TopUpKey } from '../drafts/draft-order.js';
import { mergeNeed, type DraftChange } from '../drafts/merge-need.js';
import { shrinkLine } from '../drafts/shrink-line.js';

/** A make-to-order sales order line, in the product's UoM; its reference and number name it in explanations. */
export interface MtoLine extends SalesLineNaming {
  readonly productId: string;
  readonly quantity: Decimal;
  readonly uom: Uom;
}

/**
 * Where the line's need goes: the key of its draft, the planned date (from draftDates), the event. With the
 * delivery date it was counted back from (`needDate`) the explanation says how: minus `securityLeadDays`.
 */
export interface MtoTarget {
  readonly key: TopUpKey;
  readonly plannedDate: IsoDate;
  readonly eventId?: string;
  readonly needDate?: IsoDate;
  readonly securityLeadDays?: number;
}

/** "over-ordered by X for sales order Y": goods already confirmed that the customer no longer wants. */
export interface OverOrderException {
  readonly code: 'OVER_ORDERED';
  readonly salesOrderId: string;
  readonly lineId: string;
  readonly productId: string;
  readonly quantity: Decimal;
  readonly message: string;
}

export type MtoAction = 'none' | 'fromStock' | 'order' | 'topUp' | 'raise' | 'shrink' | 'exception';

export interface MtoDecision {
  readonly action: MtoAction;
  /** The need to merge into the open draft of its key (order, raise); already merged for topUp. */
  readonly need?: Need;
  /** For topUp and shrink: the linked draft after the change. */
  readonly draftChange?: DraftChange;
  readonly exception?: OverOrderException;
  readonly explanation: Explanation;
}

function needFor(line: MtoLine, quantity: Decimal, target: MtoTarget): Need {
  return {
    key: target.key,
    productId: line.productId,
    quantity,
    uom: line.uom,
    plannedDate: target.plannedDate,
    origin: { kind: 'salesOrderLine', id: line.lineId, salesOrderId: line.salesOrderId, ...(target.eventId ? { eventId: target.eventId } : {}) },
  };
}

export interface ConfirmMtoInput {
  readonly line: MtoLine;
  readonly target: MtoTarget;
  /** Odoo 17's "take from stock first"; off by default as in the source document. */
  readonly takeFromStockFirst?: boolean;
  /** On hand minus what is already promised, in the line's UoM. Needed only with takeFromStockFirst. */
  readonly freeStock?: Decimal;
}

/**
 * A confirmed MTO line raises or tops up a draft for the whole line (docs/semantics.md, "Make to order"). With "take from
 * stock first", free stock that covers the whole line means no order; partial cover still orders the whole
 * line (the document's rule: stock is not split between the shelf and the supplier).
 */
export function confirmMtoLine(input: ConfirmMtoInput): MtoDecision {
  const { line } = input;
  const steps: ExplanationStep[] = [{ code: 'mto-confirm', ...lineNaming(line), quantity: line.quantity }];
  if (!line.quantity.gt(0)) {
    steps.push({ code: 'mto-nothing' });
    return { action: 'none', explanation: new Explanation(steps, renderMtoSteps) };
  }
  if (input.takeFromStockFirst) {
    const free = input.freeStock ?? new Decimal(0);
    const covers = free.gte(line.quantity);
    steps.push({ code: 'mto-free-stock', freeStock: free, covers });
    if (covers) return { action: 'fromStock', explanation: new Explanation(steps, renderMtoSteps) };
  }
  steps.push({ code: 'mto-order', quantity: line.quantity }, ...plannedDate(input.target));
  return { action: 'order', need: needFor(line, line.quantity, input.target), explanation: new Explanation(steps, renderMtoSteps) };
}

export interface ChangeMtoInput {
  /** The line with its new quantity (zero when the line or the order is cancelled). */
  readonly line: MtoLine;
  readonly previousQuantity: Decimal;
  /** The order raised for the line, when one was: a draft, or confirmed/cancelled. Null when served from stock. */
  readonly linkedDraft: DraftOrder | null;
  readonly target: MtoTarget;
}

/**
 * A changed MTO line (docs/semantics.md, "Make to order"):
 * - increase: top up the linked draft while it is a draft, else raise a need for the difference (it goes
 *   to the open draft of the key, a new one since the linked one is frozen);
 * - decrease or cancel: shrink the linked draft line while it is a draft (the line goes at zero, the draft
 *   is cancelled when empty); once confirmed, change nothing and report "over-ordered by X for sales order Y".
 * A line that was served from stock (no linked order) orders the increase and ignores a decrease.
 */
export function changeMtoLine(input: ChangeMtoInput): MtoDecision {
  const { line, linkedDraft } = input;
  const diff = line.quantity.minus(input.previousQuantity);
  const steps: ExplanationStep[] = [{ code: 'mto-change', ...lineNaming(line), previousQuantity: input.previousQuantity, quantity: line.quantity }];
  const done = (action: MtoAction, extra: Partial<MtoDecision> = {}): MtoDecision => ({ action, ...extra, explanation: new Explanation(steps, renderMtoSteps) });

  if (diff.isZero()) {
    steps.push({ code: 'mto-nothing' });
    return done('none');
  }
  if (diff.gt(0)) {
    const need = needFor(line, diff, input.target);
    if (linkedDraft?.state === 'draft') {
      steps.push({ code: 'mto-top-up', quantity: diff, draftId: linkedDraft.id ?? null }, ...plannedDate(input.target));
      return done('topUp', { need, draftChange: mergeNeed(linkedDraft, need) });
    }
    steps.push({ code: 'mto-raise', quantity: diff, linkedState: linkedDraft?.state ?? null }, ...plannedDate(input.target));
    return done('raise', { need });
  }

  const decrease = diff.negated();
  if (linkedDraft === null) {
    steps.push({ code: 'mto-nothing' });
    return done('none');
  }
  if (linkedDraft.state === 'draft') {
    const result = shrinkLine(linkedDraft, { productId: line.productId, quantity: decrease, origin: { kind: 'salesOrderLine', id: line.lineId } });
    steps.push({ code: 'mto-shrink', quantity: decrease.minus(result.notShrunk), draftId: linkedDraft.id ?? null, cancelled: result.change === 'cancelled' });
    // Whatever the draft no longer held for this line went out on an order already confirmed.
    if (result.notShrunk.gt(0)) {
      const exception = overOrdered(line, result.notShrunk);
      steps.push({ code: 'mto-over-ordered', quantity: result.notShrunk, salesOrderId: line.salesOrderId, orderRef: line.orderRef ?? null });
      return done('shrink', { draftChange: result, exception });
    }
    return done('shrink', { draftChange: result });
  }
  if (linkedDraft.state === 'cancelled') {
    steps.push({ code: 'mto-nothing' });
    return done('none');
  }
  steps.push({ code: 'mto-over-ordered', quantity: decrease, salesOrderId: line.salesOrderId, orderRef: line.orderRef ?? null });
  return done('exception', { exception: overOrdered(line, decrease) });
}

function overOrdered(line: MtoLine, quantity: Decimal): OverOrderException {
  return {
    code: 'OVER_ORDERED',
    salesOrderId: line.salesOrderId,
    lineId: line.lineId,
    productId: line.productId,
    quantity,
    message: `over-ordered by ${quantity.toString()} ${line.uom.code} for ${salesOrderName(line)}`,
  };
}

/** The line's ids (for machines) and names (for the sentence) in a step. */
function lineNaming(line: MtoLine): Record<string, ExplanationValue> {
  return {
    salesOrderId: line.salesOrderId, lineId: line.lineId,
    orderRef: line.orderRef ?? null, lineNo: line.lineNo ?? null, lineRef: line.lineRef ?? null,
  };
}

/** The planned date's step, when the target says what it was counted back from. */
function plannedDate(target: MtoTarget): ExplanationStep[] {
  if (target.needDate === undefined) return [];
  return [plannedDateStep({ needDate: target.needDate, plannedDate: target.plannedDate }, target.securityLeadDays ?? 0, 'delivery date')];
}

/** A step's sales line fields as SalesLineNaming. */
function namingOf(s: ExplanationStep): SalesLineNaming {
  return {
    salesOrderId: show(s['salesOrderId']), lineId: show(s['lineId']),
    orderRef: s['orderRef'] as string | null, lineNo: s['lineNo'] as number | null, lineRef: s['lineRef'] as string | null,
  };
}

function renderMtoSteps(steps: readonly ExplanationStep[]): string {
  return joinClauses(
    steps.map((s) => {
      switch (s.code) {
        case 'mto-confirm':
          return `MTO ${salesLineName(namingOf(s))} confirmed for ${show(s['quantity'])}`;
        case 'mto-change':
          return `MTO ${salesLineName(namingOf(s))} changed from ${show(s['previousQuantity'])} to ${show(s['quantity'])}`;
        case 'mto-free-stock':
          return `free stock ${show(s['freeStock'])} ${s['covers'] ? 'covers the whole line: taken from stock' : 'does not cover the whole line'}`;
        case 'mto-order':
          return `order the whole line: ${show(s['quantity'])}`;
        case 'mto-top-up':
          return `top up draft ${show(s['draftId'])} by ${show(s['quantity'])}`;
        case 'mto-raise':
          return `linked order is ${show(s['linkedState'])}: raise a new draft for ${show(s['quantity'])}`;
        case 'mto-shrink':
          return `shrink draft ${show(s['draftId'])} by ${show(s['quantity'])}${s['cancelled'] ? ', draft now empty and cancelled' : ''}`;
        case 'mto-over-ordered':
          return `over-ordered by ${show(s['quantity'])} for ${salesOrderName({ salesOrderId: show(s['salesOrderId']), orderRef: s['orderRef'] as string | null })}`;
        case 'planned-date':
          return renderPlannedDate([s]);
        case 'mto-nothing':
          return 'nothing to do';
        default:
          return undefined;
      }
    }),
  );
}
