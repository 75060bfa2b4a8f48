import type { IsoDate } from '../dates/iso-date.js';
import { joinClauses } from '../explanation/explanation.js';
import type { RescheduleMessage } from '../policies/netting.js';
import type { ReorderQuantityCode, SplittingCode } from '../policies/reorder-policy.js';
import type { Decimal } from '../quantity/decimal.js';
import type { SuggestionKind } from '../policies/suggestions.js';
import type { MrpPeg } from './mrp-types.js';

/** How each kind is set going: a purchase is ordered, a transfer shipped, a work order started. */
const START_VERB: Record<SuggestionKind, string> = { POS: 'order', TRS: 'ship', WOS: 'start', BWS: 'start' };

const REORDER_QUANTITY_NAME: Record<ReorderQuantityCode, string> = {
  net: 'net quantity',
  minimumWithoutRounding: 'minimum quantity without rounding',
  minimumWithRounding: 'minimum quantity with rounding',
};

/** How many pegs an explanation names before "and N more". */
const PEGS_NAMED = 5;

export interface SuggestionWords {
  readonly id: string;
  readonly kind: SuggestionKind;
  readonly quantity: string;
  readonly productId: string;
  readonly warehouseId: string;
  readonly dueDate: IsoDate;
  readonly startDate: IsoDate;
  readonly leadDays: number;
  readonly late: boolean;
  readonly today: IsoDate;
  readonly lot: number;
  readonly lots: number;
  /** How the requirement it was made for was sized, in words (`explainSizing`; the lots of one requirement share it). */
  readonly sizing: string | undefined;
  readonly pegging: readonly MrpPeg[];
  /** A demand's or requirement's name for the planner. */
  readonly name: (peg: MrpPeg) => string;
  /** BWS: "a work order of 30 of P1 yields it". */
  readonly extra?: string | undefined;
}

/**
 * A suggestion's explanation: what, when, how the quantity came out of the netting, and what it covers. The clauses
 * joined as `joinClauses` joins them (an absent or empty one left out). Its pieces are put in one array and joined
 * once: a run renders one for each of its hundreds of thousands of suggestions (every one is stored), and a template
 * or `+=` makes a string object per piece, which was a tenth of what the run's worker allocates.
 */
export function explainSuggestion(w: SuggestionWords): string {
  const parts: (string | number)[] = [w.kind, ' ', w.id, ': ', w.quantity, ' of ', w.productId, ' at ', w.warehouseId, ' due ', w.dueDate, ', to ', START_VERB[w.kind], ' on ', w.startDate, ' (', w.leadDays, w.leadDays === 1 ? ' lead day)' : ' lead days)'];
  if (w.late) parts.push(', late: before the run date ', w.today);
  if (w.sizing) parts.push('; ', w.sizing);
  if (w.lots > 1) parts.push('; lot ', w.lot + 1, ' of ', w.lots);
  if (w.extra) parts.push('; ', w.extra);
  parts.push('; covers ');
  pegParts(parts, w.pegging, w.name);
  return parts.join('');
}

/**
 * How netting sized one net requirement (docs/semantics.md, "Reorder policies", steps 1 to 4), recomputed from the
 * requirement with the same functions when the sentence is read.
 */
export interface Sizing {
  readonly date: IsoDate;
  /** The projected stock on the date, before the requirement was met. */
  readonly projected: Decimal;
  /** The safety stock the policy keeps, else 0. */
  readonly target: Decimal;
  readonly requirement: Decimal;
  /** The shrinkage % production suggestions are grossed up by, and the grossed quantity (rounded up to the step). */
  readonly shrinkagePercent: Decimal | null;
  readonly grossed: Decimal;
  readonly rule: ReorderQuantityCode;
  readonly ordered: Decimal;
  readonly splitting: SplittingCode;
  readonly lots: number;
  readonly technicalLot: Decimal;
}

/** A Sizing in words: the requirement, the shrinkage, the reorder quantity and the split. */
export function explainSizing(z: Sizing): string {
  return joinClauses([
    `projected ${z.projected.toString()} on ${z.date} is below ${z.target.isZero() ? '0' : `the safety stock ${z.target.toString()}`}: net requirement ${z.requirement.toString()}`,
    z.shrinkagePercent === null ? undefined : `plus ${z.shrinkagePercent.toString()}% shrinkage: ${z.grossed.toString()}`,
    `${REORDER_QUANTITY_NAME[z.rule]} for ${z.grossed.toString()}: ${z.ordered.toString()}`,
    z.lots > 1 ? `split ${z.splitting} into ${z.lots} lots of up to ${z.technicalLot.toString()}` : undefined,
  ]);
}

/** "SO-1, line 1 (30), MWS WOS-P1@WH1-1 (20), surplus (50)": the first PEGS_NAMED pegs, then how many more. */
export function describePegs(pegs: readonly MrpPeg[], name: (peg: MrpPeg) => string): string {
  const parts: (string | number)[] = [];
  pegParts(parts, pegs, name);
  return parts.join('');
}

/** describePegs' pieces, pushed onto `parts`. */
function pegParts(parts: (string | number)[], pegs: readonly MrpPeg[], name: (peg: MrpPeg) => string): void {
  if (pegs.length === 0) {
    parts.push('nothing');
    return;
  }
  const named = Math.min(pegs.length, PEGS_NAMED);
  for (let i = 0; i < named; i++) {
    const p = pegs[i] as MrpPeg;
    if (i > 0) parts.push(', ');
    parts.push(name(p), ' (', p.quantity, ')');
  }
  if (pegs.length > PEGS_NAMED) parts.push(', and ', pegs.length - PEGS_NAMED, ' more');
}

/** The name of a peg without a document: safety stock, shrinkage, surplus, backlog. */
export function pegKindName(peg: MrpPeg): string {
  switch (peg.type) {
    case 'safetyStock':
      return 'safety stock';
    case 'shrinkage':
      return 'expected shrinkage loss';
    case 'surplus':
      return 'surplus';
    case 'backlog':
      return 'stock below zero';
    default:
      return peg.id ?? peg.type;
  }
}

/** A replanning message in words. */
export function explainMessage(m: RescheduleMessage, document: string): string {
  const from = m.fromQuantity.toString();
  const to = m.toQuantity.toString();
  switch (m.action) {
    case 'advance':
      return `advance ${document} from ${m.fromDate} to ${m.toDate}: it is needed then`;
    case 'delay':
      return `delay ${document} from ${m.fromDate} to ${m.toDate}: nothing needs it before`;
    case 'increase':
      return `increase ${document} from ${from} to ${to} on ${m.toDate}: a shortage remains on that date`;
    case 'reduce':
      return `reduce ${document} from ${from} to ${to}: the stock after it never uses the rest`;
    case 'cancel':
      return `cancel ${document} (${from} on ${m.fromDate}): nothing needs it`;
  }
}

/**
 * `target` with an `explanation` rendered on first read only (then kept): a run makes hundreds of thousands of
 * suggestions and few are ever read, while building each sentence up front was a fifth of the run and most of its
 * garbage (decision domain-007 does the same for rule evaluations). `explanation` is an own enumerable getter, so
 * JSON, structured clones and equality see the string; the getter is one function shared by every object and the
 * renderer sits in a hidden (symbol, non-enumerable) slot, so that the objects share V8's shapes (a closure per
 * object, or redefining the property, would give each object a shape of its own or a dictionary).
 */
export function withExplanation<T extends { readonly explanation: string }>(target: Omit<T, 'explanation'>, render: (self: T) => string): T {
  Object.defineProperty(target, RENDER, { value: render, writable: true, enumerable: false, configurable: false });
  Object.defineProperty(target, 'explanation', EXPLANATION);
  return target as T;
}

const RENDER = Symbol('render explanation');
type Lazy = { [RENDER]: string | ((self: Lazy) => string) };

const EXPLANATION: PropertyDescriptor = {
  enumerable: true,
  configurable: false,
  get(this: Lazy): string {
    const slot = this[RENDER];
    if (typeof slot === 'string') return slot;
    const text = slot(this);
    this[RENDER] = text;
    return text;
  },
};
