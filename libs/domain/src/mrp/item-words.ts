import type { IsoDate } from '../dates/iso-date.js';
import { joinClauses } from '../explanation/explanation.js';
import { reorderQuantity, splitLots } from '../policies/lot-sizing.js';
import type { NettingResult } from '../policies/netting.js';
import { grossUpForShrinkage } from '../policies/shrinkage.js';
import { isProductionKind } from '../policies/suggestions.js';
import { Decimal } from '../quantity/decimal.js';
import { roundUpToStep } from '../quantity/uom.js';
import { explainSizing, explainSuggestion, pegKindName, withExplanation, type Sizing } from './explain.js';
import type { MrpItemPlan, MrpMessage, MrpPeg, MrpRequirement, MrpSuggestion } from './mrp-types.js';
import type { PreparedItem } from './prepared-item.js';

const ZERO = new Decimal(0);

/** A BWS's work order: the maker's BOM and how much of the by-product one run of it yields. */
export interface ByProductWorkOrder {
  readonly maker: NonNullable<PreparedItem['bom']>;
  readonly makerItem: PreparedItem;
  readonly makerProductId: string;
  readonly makerStep: Decimal;
  readonly yieldPerRun: Decimal;
}

/**
 * What a product-site's sentences are made from when read. A lazy sentence keeps what its closure holds alive, so
 * the closures are made here, holding this and the suggestion only, not the netting and pegging of the whole
 * product-site.
 */
export interface Words {
  readonly item: PreparedItem;
  readonly today: IsoDate;
  readonly requirementOn: ReadonlyMap<IsoDate, Decimal>;
  readonly requirements: readonly MrpRequirement[];
  readonly demandNames: ReadonlyMap<string, string>;
  readonly bws: ByProductWorkOrder | null;
  requirementsById: Map<string, MrpRequirement> | null;
}

/**
 * One renderer per product-site, made out here so that it holds `words` and nothing of planItem's scope. The lots of
 * one requirement share their sizing sentence (each lot recomputing it re-split the whole quantity), and the site's
 * suggestions one naming function.
 */
export function suggestionRenderer(words: Words): (self: MrpSuggestion) => string {
  const name = (peg: MrpPeg): string => pegName(peg, words);
  const sizings = new Map<IsoDate, string | undefined>();
  return (self) => {
    const date = self.requirementDate;
    let sizing = sizings.get(date);
    if (sizing === undefined && !sizings.has(date)) {
      const z = sizingOf(words.item, date, words.requirementOn.get(date));
      sizings.set(date, (sizing = z === null ? undefined : explainSizing(z)));
    }
    return suggestionText(words, self, sizing, name);
  };
}

function suggestionText(words: Words, suggestion: MrpSuggestion, sizing: string | undefined, name: (peg: MrpPeg) => string): string {
  const { item, bws } = words;
  const { id, kind, quantity, productId, warehouseId, dueDate, startDate, late, lot, lots, pegging } = suggestion;
  return explainSuggestion({
    id,
    kind,
    quantity,
    productId,
    warehouseId,
    dueDate,
    startDate,
    late,
    lot,
    lots,
    pegging,
    leadDays: item.leadDays,
    today: words.today,
    sizing,
    name,
    extra: bws === null ? undefined : `a work order of ${suggestion.parentQuantity ?? '?'} of ${bws.makerProductId} (BOM ${bws.maker.bomId}) yields it`,
  });
}

export function explainPlanLater(item: PreparedItem, requirements: NettingResult['requirements'], plan: Omit<MrpItemPlan, 'explanation'>): MrpItemPlan {
  return withExplanation<MrpItemPlan>(plan, (self) => explainPlan(item, requirements, self.suggestions, self.messages));
}

/**
 * How netting sized the requirement of `date`, recomputed with the functions netting uses (grossUpForShrinkage,
 * roundUpToStep, reorderQuantity, splitLots), so that no step needs keeping for a sentence few will read.
 */
function sizingOf(item: PreparedItem, date: IsoDate, requirement: Decimal | undefined): Sizing | null {
  if (requirement === undefined) return null;
  const { policy, site } = item;
  const target = policy.safetyStock ? site.safetyStock : ZERO;
  const shrinks = policy.applyShrinkage && isProductionKind(item.kind) && !site.shrinkagePercent.isZero();
  const grossed = shrinks ? roundUpToStep(grossUpForShrinkage(requirement, site.shrinkagePercent), item.uom.rounding) : requirement;
  const ordered = reorderQuantity(grossed, policy.reorderQuantity, site);
  const lots = splitLots(ordered, policy.splitting, site, date).length;
  return { date, projected: target.minus(requirement), target, requirement, shrinkagePercent: shrinks ? site.shrinkagePercent : null, grossed, rule: policy.reorderQuantity, ordered, splitting: policy.splitting, lots, technicalLot: site.technicalLot };
}

/** The product-site's netting in words: each net requirement and what was ordered for it, then the messages. */
function explainPlan(item: PreparedItem, requirements: NettingResult['requirements'], suggestions: readonly MrpSuggestion[], messages: readonly MrpMessage[]): string {
  const { policy } = item;
  const byDate = new Map<IsoDate, MrpSuggestion[]>();
  for (const s of suggestions) {
    const list = byDate.get(s.requirementDate);
    if (list === undefined) byDate.set(s.requirementDate, [s]);
    else list.push(s);
  }
  const target = policy.safetyStock && item.site.safetyStock.gt(0) ? `safety stock ${item.site.safetyStock.toString()}` : '0';
  const head = `${item.productId} at ${item.warehouseId}, policy ${policy.code} (${policy.suggestionType}, ${policy.reorderQuantity}, splitting ${policy.splitting}): on hand ${item.onHand.toString()}, kept at or above ${target}`;
  const clauses = requirements.map((r) => {
    const made = byDate.get(r.date);
    const outcome = made === undefined ? (policy.suggestionType === 'mrpPeggingOnly' ? 'shown, not suggested (MRP pegging only)' : 'met by an existing order') : `${made.map((s) => `${s.id} ${s.quantity}`).join(', ')}`;
    return `net requirement ${r.quantity.toString()} on ${r.date}: ${outcome}`;
  });
  return joinClauses([head, ...(clauses.length > 0 ? clauses : ['no net requirement']), ...messages.map((m) => m.explanation)]);
}

function pegName(peg: MrpPeg, words: Words): string {
  if (peg.type === 'demand') return words.demandNames.get(peg.id as string) ?? (peg.id as string);
  if (peg.type === 'requirement') {
    const r = (words.requirementsById ??= new Map(words.requirements.map((q) => [q.id, q]))).get(peg.id as string);
    return r === undefined ? (peg.id as string) : `${r.code} ${r.parentId}${r.viaPhantom !== undefined ? ` through kit ${r.viaPhantom}` : ''}`;
  }
  return pegKindName(peg);
}
