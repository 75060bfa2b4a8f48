import { addDays, type IsoDate } from '../dates/iso-date.js';
import { Explanation, joinClauses, show, type ExplanationStep } from '../explanation/explanation.js';
import { Decimal } from '../quantity/decimal.js';
import { roundUpToStep } from '../quantity/uom.js';
import { reorderQuantity, splitLots, type Lot } from './lot-sizing.js';
import type { ProductSite, ReorderPolicy } from './reorder-policy.js';
import { grossUpForShrinkage, netWorkInProgress } from './shrinkage.js';
import { isProductionKind, suggestionTypeEffects, type SuggestionKind } from './suggestions.js';

/** A dated demand: sales, forecast, a parent's trace requirement. */
export interface Demand {
  readonly date: IsoDate;
  readonly quantity: Decimal;
  readonly id?: string;
}

/** An existing order (planned or firm) that brings stock in on `date`. */
export interface Supply {
  readonly id: string;
  readonly date: IsoDate;
  readonly quantity: Decimal;
  readonly status: 'planned' | 'firm';
  /** A work order in progress: its remaining quantity is reduced by the shrinkage % when the policy says so. */
  readonly workInProgress?: boolean;
}

/** A time-phased requirement profile for one product at one site. */
export interface RequirementProfile {
  readonly startingStock: Decimal;
  readonly demands: readonly Demand[];
  readonly supplies: readonly Supply[];
}

export interface Suggestion {
  readonly kind: SuggestionKind;
  readonly quantity: Decimal;
  readonly dueDate: IsoDate;
  /** The date the net requirement arose (the last lot's due date). */
  readonly requirementDate: IsoDate;
  /** Position in its split (0-based) and the number of lots of that split. */
  readonly lot: number;
  readonly lots: number;
}

/** A net requirement as found, before lot sizing (what "MRP pegging only" reports). */
export interface NetRequirement {
  readonly date: IsoDate;
  readonly quantity: Decimal;
}

export type RescheduleAction = 'advance' | 'delay' | 'increase' | 'reduce' | 'cancel';

/** A message to the planner about an existing order beyond the firm horizon. */
export interface RescheduleMessage {
  readonly supplyId: string;
  readonly action: RescheduleAction;
  readonly fromDate: IsoDate;
  readonly toDate: IsoDate;
  readonly fromQuantity: Decimal;
  readonly toQuantity: Decimal;
}

export interface NettingInput {
  readonly profile: RequirementProfile;
  readonly policy: ReorderPolicy;
  readonly site: ProductSite;
  /** The run date in the site's calendar: earlier demands and supplies count as due today. */
  readonly today: IsoDate;
  /** The kind of suggestion this product gets (POS bought, WOS made, TRS transferred, BWS by-product). */
  readonly kind: SuggestionKind;
  /** The UoM step: grossed-up requirements are rounded up to it. */
  readonly uomStep?: Decimal;
  /** Build explanation steps (on by default; a mass run may switch them off). */
  readonly explain?: boolean;
}

export interface NettingResult {
  readonly suggestions: Suggestion[];
  readonly requirements: NetRequirement[];
  readonly messages: RescheduleMessage[];
  /** Projected stock after the last date, suggestions and messages applied. */
  readonly endingStock: Decimal;
  readonly explanation: Explanation;
}

interface DayFlow {
  supply: Decimal | null;
  demand: Decimal | null;
}

interface Movable {
  readonly supply: Supply;
  quantity: Decimal;
  assignedDate: IsoDate | null;
  /** Index into the projection history where it was assigned. */
  assignedAt: number;
}

/**
 * Nets a time-phased profile into suggestions (docs/semantics.md, "Reorder policies"), date by date:
 * 1. projected stock = starting stock + supplies - demands; the target is the safety stock when the
 *    policy says so, else zero; a date whose projection falls below the target has a net requirement R;
 * 2. with replanning analysis, existing orders beyond the firm horizon are movable: they are pulled to the
 *    first date that needs them (advance or delay), increased when a shortage remains on that date,
 *    reduced or cancelled when not needed (docs/decisions/domain-004); orders within the horizon are fixed;
 * 3. what remains is grossed up for shrinkage (production only), sized by the reorder quantity and split.
 * The suggestion type decides whether suggestions, requirements or nothing come out.
 */
export function netRequirements(input: NettingInput): NettingResult {
  const { profile, policy, site, today, kind } = input;
  const explain = input.explain !== false;
  const effects = suggestionTypeEffects(policy.suggestionType);
  const steps: ExplanationStep[] = [];
  const suggestions: Suggestion[] = [];
  const requirements: NetRequirement[] = [];
  const messages: RescheduleMessage[] = [];
  const target = policy.safetyStock ? site.safetyStock : ZERO;
  const shrinkPct = policy.applyShrinkage ? site.shrinkagePercent : ZERO;
  const grossUp = policy.applyShrinkage && isProductionKind(kind) && !shrinkPct.isZero();

  if (!effects.parentRequirements && !effects.parentSuggestions) {
    if (explain) steps.push({ code: 'no-processing', policy: policy.code });
    return { suggestions, requirements, messages, endingStock: profile.startingStock, explanation: new Explanation(steps, renderNettingSteps) };
  }

  // Split existing supply into fixed (dated deltas) and movable (a queue in date order).
  const firmLimit = addDays(today, site.firmHorizonDays);
  // Supply and demand per date are kept apart so that a single demand needs no negation (each decimal.js
  // operation allocates, and a one-year daily profile has 365 of them per product).
  const deltas = new Map<IsoDate, DayFlow>();
  const flow = (date: IsoDate): DayFlow => {
    const d = date < today ? today : date;
    let f = deltas.get(d);
    if (f === undefined) deltas.set(d, (f = { supply: null, demand: null }));
    return f;
  };
  const movables: Movable[] = [];
  for (const s of profile.supplies) {
    const quantity = s.workInProgress && !shrinkPct.isZero() ? netWorkInProgress(s.quantity, shrinkPct) : s.quantity;
    if (policy.replanningAnalysis && s.date > firmLimit) movables.push({ supply: s, quantity, assignedDate: null, assignedAt: -1 });
    else {
      const f = flow(s.date);
      f.supply = f.supply === null ? quantity : f.supply.plus(quantity);
    }
  }
  for (const d of profile.demands) {
    const f = flow(d.date);
    f.demand = f.demand === null ? d.quantity : f.demand.plus(d.quantity);
  }
  flow(today);
  movables.sort((a, b) => (a.supply.date < b.supply.date ? -1 : a.supply.date > b.supply.date ? 1 : 0));
  let nextMovable = 0;

  const dates = [...deltas.keys()].sort();
  const history: Decimal[] = new Array<Decimal>(dates.length);
  let projected = profile.startingStock;
  let lastAssigned: Movable | null = null;

  for (let i = 0; i < dates.length; i++) {
    const date = dates[i] as IsoDate;
    const f = deltas.get(date) as DayFlow;
    if (f.supply !== null) projected = projected.plus(f.supply);
    if (f.demand !== null) projected = projected.minus(f.demand);
    if (projected.lt(target)) {
      // Existing movable orders first: an order the planner already has beats a new suggestion.
      while (projected.lt(target) && nextMovable < movables.length) {
        const m = movables[nextMovable++] as Movable;
        m.assignedDate = date;
        m.assignedAt = i;
        lastAssigned = m;
        projected = projected.plus(m.quantity);
        if (m.supply.date !== date) {
          messages.push({ supplyId: m.supply.id, action: m.supply.date > date ? 'advance' : 'delay', fromDate: m.supply.date, toDate: date, fromQuantity: m.supply.quantity, toQuantity: m.supply.quantity });
        }
      }
      if (projected.lt(target)) {
        const r = target.minus(projected);
        if (effects.parentRequirements) requirements.push({ date, quantity: r });
        if (explain) steps.push({ code: 'requirement', date, projected, target, quantity: r });
        if (lastAssigned !== null && lastAssigned.assignedDate === date) {
          // The order pulled to this date is simply made bigger rather than adding a suggestion beside it.
          const m = lastAssigned;
          const wanted = reorderQuantity(m.quantity.plus(r), policy.reorderQuantity, site);
          messages.push({ supplyId: m.supply.id, action: 'increase', fromDate: m.supply.date, toDate: date, fromQuantity: m.quantity, toQuantity: wanted });
          projected = projected.plus(wanted.minus(m.quantity));
          m.quantity = wanted;
        } else if (effects.parentSuggestions) {
          const grossed = grossUp ? grossUpForShrinkage(r, shrinkPct) : r;
          // The expected loss is the shrinkage on the requirement, whatever the step or lot rounding adds.
          const loss = grossed.minus(r);
          const gross = input.uomStep ? roundUpToStep(grossed, input.uomStep) : grossed;
          const q = reorderQuantity(gross, policy.reorderQuantity, site);
          const lots: Lot[] = splitLots(q, policy.splitting, site, date);
          for (let k = 0; k < lots.length; k++) {
            const lot = lots[k] as Lot;
            suggestions.push({ kind, quantity: lot.quantity, dueDate: lot.dueDate, requirementDate: date, lot: k, lots: lots.length });
          }
          if (explain) {
            if (grossUp) steps.push({ code: 'shrinkage', percent: shrinkPct, requirement: r, quantity: gross });
            steps.push({ code: 'reorder-quantity', rule: policy.reorderQuantity, requirement: gross, quantity: q });
            if (lots.length > 1) steps.push({ code: 'split', splitting: policy.splitting, lots: lots.length, technicalLot: site.technicalLot });
          }
          // The loss is expected to be scrapped, so only the rest reaches stock.
          projected = projected.plus(grossUp ? q.minus(loss) : q);
        } else {
          // MRP pegging only: the requirement is reported and assumed covered, so it is not reported twice.
          projected = target;
        }
      }
    }
    history[i] = projected;
  }

  if (policy.replanningAnalysis) {
    // Orders never needed are cancelled; the ones assigned are reduced by what the later stock never uses,
    // latest first so that each reduction sees the stock the later ones leave.
    for (let k = nextMovable; k < movables.length; k++) {
      const m = movables[k] as Movable;
      messages.push({ supplyId: m.supply.id, action: 'cancel', fromDate: m.supply.date, toDate: m.supply.date, fromQuantity: m.supply.quantity, toQuantity: ZERO });
    }
    for (let k = nextMovable - 1; k >= 0; k--) {
      const m = movables[k] as Movable;
      let lowest = history[m.assignedAt] as Decimal;
      for (let j = m.assignedAt + 1; j < history.length; j++) if ((history[j] as Decimal).lt(lowest)) lowest = history[j] as Decimal;
      const surplus = lowest.minus(target);
      if (!surplus.gt(0)) continue;
      const kept = surplus.gte(m.quantity) ? ZERO : reorderQuantity(m.quantity.minus(surplus), policy.reorderQuantity, site);
      if (!kept.lt(m.quantity)) continue;
      const cut = m.quantity.minus(kept);
      for (let j = m.assignedAt; j < history.length; j++) history[j] = (history[j] as Decimal).minus(cut);
      messages.push({ supplyId: m.supply.id, action: kept.isZero() ? 'cancel' : 'reduce', fromDate: m.supply.date, toDate: m.assignedDate as IsoDate, fromQuantity: m.supply.quantity, toQuantity: kept });
    }
    if (explain) for (const msg of messages) steps.push({ code: 'reschedule', supplyId: msg.supplyId, action: msg.action, toDate: msg.toDate, toQuantity: msg.toQuantity });
  }

  const endingStock = history.length > 0 ? (history[history.length - 1] as Decimal) : projected;
  return { suggestions, requirements, messages, endingStock, explanation: new Explanation(steps, renderNettingSteps) };
}

const ZERO = new Decimal(0);

function renderNettingSteps(steps: readonly ExplanationStep[]): string {
  return joinClauses(
    steps.map((s) => {
      switch (s.code) {
        case 'no-processing':
          return `policy ${show(s['policy'])}: no processing`;
        case 'requirement':
          return `projected ${show(s['projected'])} on ${show(s['date'])} is below ${show(s['target'])}: net requirement ${show(s['quantity'])}`;
        case 'shrinkage':
          return `plus ${show(s['percent'])}% shrinkage: ${show(s['quantity'])}`;
        case 'reorder-quantity':
          return `${show(s['rule'])} quantity for ${show(s['requirement'])}: ${show(s['quantity'])}`;
        case 'split':
          return `split ${show(s['splitting'])} into ${show(s['lots'])} lots of up to ${show(s['technicalLot'])}`;
        case 'reschedule':
          return `${show(s['action'])} order ${show(s['supplyId'])} to ${show(s['toQuantity'])} on ${show(s['toDate'])}`;
        default:
          return undefined;
      }
    }),
  );
}
