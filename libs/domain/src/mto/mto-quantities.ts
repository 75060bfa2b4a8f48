import { Decimal } from '../quantity/decimal.js';
import type { Uom } from '../quantity/uom.js';
import type { DraftOrder } from '../drafts/draft-order.js';

/** What one draft holds for a sales line: its state and the sum of the line's origins on it. */
export interface DraftHoldingOfLine {
  readonly draftId: string;
  readonly state: 'draft' | 'confirmed';
  readonly quantity: Decimal;
}

/** What one confirmed draft holds of an over-ordered excess. */
export interface ExcessShare {
  readonly draftId: string;
  readonly quantity: Decimal;
}

export interface ExcessInput {
  /** The open and confirmed drafts holding the line's origins, newest first. */
  readonly holdings: readonly DraftHoldingOfLine[];
  /** The line's quantity after the decrease. */
  readonly lineQuantity: Decimal;
  /** The over-ordered quantity of this decrease (what no open draft could absorb). */
  readonly excess: Decimal;
}

/**
 * The confirmed drafts that hold the excess of a decrease, newest first, each with its share; empty when no
 * confirmed draft holds any of it. The line is served by its oldest orders first, so what is over-ordered sits
 * on the newest confirmed drafts: of the confirmed drafts' over-supply (what they hold beyond what the open
 * drafts leave them to deliver), the newest part was reported by earlier decreases, and this excess is the part
 * right after it.
 */
export function excessShares(input: ExcessInput): ExcessShare[] {
  const confirmed = input.holdings.filter((h) => h.state === 'confirmed');
  const onOpen = sum(input.holdings.filter((h) => h.state === 'draft'));
  const leftForConfirmed = Decimal.max(input.lineQuantity.minus(onOpen), 0);
  const overSupply = sum(confirmed).minus(leftForConfirmed);
  let reportedBefore = Decimal.max(overSupply.minus(input.excess), 0);
  let unassigned = input.excess;
  const shares: ExcessShare[] = [];
  for (const holding of confirmed) {
    if (!unassigned.gt(0)) break;
    const alreadyReported = Decimal.min(reportedBefore, holding.quantity);
    reportedBefore = reportedBefore.minus(alreadyReported);
    const share = Decimal.min(holding.quantity.minus(alreadyReported), unassigned);
    if (share.gt(0)) shares.push({ draftId: holding.draftId, quantity: share });
    unassigned = unassigned.minus(share);
  }
  return shares;
}

const sum = (holdings: readonly DraftHoldingOfLine[]): Decimal => holdings.reduce((total, h) => total.plus(h.quantity), new Decimal(0));

/** What a draft held for one sales line, in its draft line's UoM. */
export interface HeldForSalesLine {
  readonly salesLineId: string;
  readonly uom: Uom;
  readonly quantity: Decimal;
}

/**
 * What a draft holds for each sales line among its origins (a line may have origins on several draft lines),
 * sorted by sales line id so that the lines' rows are locked in one order whatever the draft's line order.
 */
export function heldForSalesLines(draft: Pick<DraftOrder, 'lines'>): HeldForSalesLine[] {
  const held = new Map<string, HeldForSalesLine>();
  for (const line of draft.lines) {
    for (const origin of line.origins) {
      if (origin.kind !== 'salesOrderLine') continue;
      const seen = held.get(origin.id);
      held.set(origin.id, { salesLineId: origin.id, uom: line.uom, quantity: seen ? seen.quantity.plus(origin.quantity) : origin.quantity });
    }
  }
  return [...held.values()].sort((a, b) => (a.salesLineId < b.salesLineId ? -1 : a.salesLineId > b.salesLineId ? 1 : 0));
}

export interface MtoReorderInput {
  /** The sales line's quantity now (0 once decreased to nothing). */
  readonly lineQuantity: Decimal;
  /** What open and confirmed drafts still bring the line. */
  readonly onLiveDrafts: Decimal;
  /** What the cancelled draft held for the line. */
  readonly held: Decimal;
}

/**
 * What to order again for a sales line whose draft was cancelled (decision planning-008): the line minus what
 * live drafts still bring it, at most what the cancelled draft held (a line split over a confirmed draft and
 * the cancelled one gets back only its share). Zero or less: nothing to re-order.
 */
export function mtoReorderQuantity(input: MtoReorderInput): Decimal {
  const outstanding = input.lineQuantity.minus(input.onLiveDrafts);
  return outstanding.lt(input.held) ? outstanding : input.held;
}
