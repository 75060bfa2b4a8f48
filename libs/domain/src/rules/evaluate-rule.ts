import { addDays, type IsoDate } from '../dates/iso-date.js';
import { leadDaysDate, type LeadDaysDate } from '../dates/lead-days.js';
import { Explanation, joinClauses, show, type ExplanationStep } from '../explanation/explanation.js';
import {
  lateSupplyNotCountedStep, lateSupplyStep, renderLateSupply, renderLateSupplyNotCounted, type LateSupplyNotCounted,
} from '../explanation/late-supply.js';
import { Decimal } from '../quantity/decimal.js';
import { compareAtStep, roundUpToMultiple, roundUpToStep, type Uom } from '../quantity/uom.js';
import { forecastAtTwoDates, type StockPosition } from '../stock/stock-position.js';
import { isSnoozed, ruleTarget, type ReorderingRule } from './reordering-rule.js';

export interface RuleEvaluationInput {
  readonly rule: ReorderingRule;
  readonly position: StockPosition;
  /** Today in the warehouse's calendar. */
  readonly today: IsoDate;
  /** From leadDays() for the rule's route. */
  readonly leadDays: number;
  /** The warehouse's IANA time zone, for the end of the lead days date. */
  readonly timeZone: string;
  /** The product's UoM: comparisons at its step, and a quantity rounded up to it when multiple is 0. */
  readonly uom?: Uom;
  /** Late receipts the position left out (INVENTORY_LATE_SUPPLY=ignore): named in the explanation, never counted. */
  readonly lateSupplyNotCounted?: LateSupplyNotCounted;
}

/**
 * What a rule does now:
 * - 'order': an automatic rule raises or tops up a draft for `quantity`;
 * - 'suggest': a manual rule shows `quantity` in the replenishment report;
 * - 'hidden': a manual rule that would suggest, but is snoozed;
 * - 'none': nothing to order.
 */
export type RuleAction = 'order' | 'suggest' | 'hidden' | 'none';

export interface RuleEvaluation {
  /** forecast(lead days date) is at or below the minimum. */
  readonly triggers: boolean;
  /** What to order; zero when nothing is to be ordered. */
  readonly quantity: Decimal;
  readonly action: RuleAction;
  readonly leadDaysDate: LeadDaysDate;
  /** Lead days date + visibility days: the date the quantity covers. */
  readonly visibilityDate: IsoDate;
  readonly forecastAtLeadDays: Decimal;
  readonly forecastWithVisibility: Decimal;
  /** A manual rule only suggests. */
  readonly suggestionOnly: boolean;
  readonly snoozed: boolean;
  readonly explanation: Explanation;
}

const ZERO = new Decimal(0);

/**
 * Evaluates a reordering rule (docs/semantics.md, "Reordering rules"):
 * - triggered when forecast(lead days date) <= minimum, compared at the UoM step (the source document's
 *   "at or below"; Odoo's code says strictly below, see docs/decisions/domain-001);
 * - quantity = max(min, max) - forecast(lead days date + visibility days), rounded UP to the multiple
 *   (or to the UoM step when the multiple is 0); nothing when that is not above zero.
 * Visibility days only enlarge the quantity: the trigger looks at the lead days date alone.
 */
export function evaluateRule(input: RuleEvaluationInput): RuleEvaluation {
  const { rule, position, today } = input;
  const ldd = leadDaysDate(today, input.leadDays, input.timeZone);
  const visibilityDate = rule.visibilityDays === 0 ? ldd.date : addDays(ldd.date, rule.visibilityDays);
  const [atLeadDays, withVisibility] = forecastAtTwoDates(position, ldd.date, visibilityDate);
  const step = input.uom?.rounding;

  // At or below exactly is at or below at any step; only a forecast just above needs the step comparison.
  const triggers = atLeadDays.lte(rule.minimum) || (step !== undefined && compareAtStep(atLeadDays, rule.minimum, step) === 0);
  const target = ruleTarget(rule);
  const sized = triggers ? orderQuantity(target, withVisibility, rule.multiple, step) : null;
  const quantity = sized === null ? ZERO : sized.quantity;

  const suggestionOnly = rule.trigger === 'manual';
  const snoozed = isSnoozed(rule, today);
  const action: RuleAction = quantity.isZero() ? 'none' : !suggestionOnly ? 'order' : snoozed ? 'hidden' : 'suggest';
  const leadDaysValue = input.leadDays;

  // Steps are built only when someone reads the explanation (see Explanation).
  const steps = (): ExplanationStep[] => {
    const out: ExplanationStep[] = [
      { code: 'lead-days-date', today, leadDays: leadDaysValue, date: ldd.date },
      { code: 'forecast', date: ldd.date, quantity: atLeadDays },
      { code: 'trigger', forecast: atLeadDays, minimum: rule.minimum, triggers },
    ];
    const late = lateSupplyStep(position.incoming, today);
    if (late) out.push(late);
    const leftOut = lateSupplyNotCountedStep(input.lateSupplyNotCounted);
    if (leftOut) out.push(leftOut);
    if (sized !== null) {
      if (rule.visibilityDays !== 0) out.push({ code: 'visibility', visibilityDays: rule.visibilityDays, date: visibilityDate, quantity: withVisibility });
      out.push(...sizingSteps(target, withVisibility, rule.multiple, sized, false));
    }
    if (suggestionOnly) out.push({ code: 'manual', snoozedUntil: rule.snoozedUntil ?? null, snoozed });
    return out;
  };

  return {
    triggers,
    quantity,
    action,
    leadDaysDate: ldd,
    visibilityDate,
    forecastAtLeadDays: atLeadDays,
    forecastWithVisibility: withVisibility,
    suggestionOnly,
    snoozed,
    explanation: new Explanation(steps, renderRuleSteps),
  };
}

/** The shortage and the quantity to order for it. */
export interface SizedOrder {
  readonly shortage: Decimal;
  readonly quantity: Decimal;
}

/**
 * target - forecast, rounded up to a whole number of `multiple` (to the UoM step when multiple is 0);
 * a zero quantity when the shortage is not above zero.
 */
export function orderQuantity(target: Decimal, forecastValue: Decimal, multiple: Decimal, step: Decimal | undefined): SizedOrder {
  let shortage = target.minus(forecastValue);
  // At the UoM step first, rounded up so that the order never leaves the forecast short of the target.
  if (step) shortage = roundUpToStep(shortage, step);
  if (!shortage.gt(0)) return { shortage, quantity: ZERO };
  if (multiple.isZero()) return { shortage, quantity: shortage };
  return { shortage, quantity: roundUpToMultiple(shortage, multiple) };
}

/** The explanation steps of orderQuantity. */
export function sizingSteps(target: Decimal, forecastValue: Decimal, multiple: Decimal, sized: SizedOrder, isOrderToMax: boolean): ExplanationStep[] {
  const out: ExplanationStep[] = [{ code: 'shortage', target, forecast: forecastValue, shortage: sized.shortage, isOrderToMax }];
  if (!sized.shortage.gt(0)) out.push({ code: 'nothing-to-order' });
  else if (!multiple.isZero()) out.push({ code: 'multiple', multiple, quantity: sized.quantity });
  return out;
}

/** Renders the rule's steps into the sentence the replenishment report shows. */
export function renderRuleSteps(steps: readonly ExplanationStep[]): string {
  const clauses: string[] = [];
  for (const s of steps) {
    switch (s.code) {
      case 'trigger':
        clauses.push(`forecast ${show(s['forecast'])} on ${show(findDate(steps))} is ${s['triggers'] ? 'at or below' : 'above'} min ${show(s['minimum'])}`);
        break;
      case 'visibility':
        clauses.push(`with ${show(s['visibilityDays'])} visibility days, forecast ${show(s['quantity'])} on ${show(s['date'])}`);
        break;
      case 'shortage': {
        const verb = s['isOrderToMax'] ? 'order to max' : 'order max';
        clauses.push(`${verb} ${show(s['target'])} - ${operand(s['forecast'])} = ${show(s['shortage'])}`);
        break;
      }
      case 'multiple':
        clauses[clauses.length - 1] += `, rounded up to multiple ${show(s['multiple'])}: ${show(s['quantity'])}`;
        break;
      case 'nothing-to-order':
        clauses.push('nothing to order');
        break;
      case 'manual':
        clauses.push(s['snoozed'] ? `manual rule snoozed until ${show(s['snoozedUntil'])}` : 'manual rule: suggestion only');
        break;
      case 'late-supply':
        clauses.push(renderLateSupply(s));
        break;
      case 'late-supply-not-counted':
        clauses.push(renderLateSupplyNotCounted(s));
        break;
      case 'edited':
        clauses.push(`ordered once with edited quantity ${show(s['quantity'])} instead of ${show(s['suggested'])}`);
        break;
      default:
        break;
    }
  }
  return joinClauses(clauses);
}

/** A subtracted negative reads better in parentheses: "50 - (-2)". */
function operand(value: ExplanationStep[string]): string {
  const text = show(value);
  return text.startsWith('-') ? `(${text})` : text;
}

function findDate(steps: readonly ExplanationStep[]): ExplanationStep[string] {
  return steps.find((s) => s.code === 'forecast')?.['date'] ?? null;
}
