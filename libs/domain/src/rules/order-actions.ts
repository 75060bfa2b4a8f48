import { addDays, type IsoDate } from '../dates/iso-date.js';
import { leadDaysDate } from '../dates/lead-days.js';
import { Explanation, type ExplanationStep } from '../explanation/explanation.js';
import { Decimal, nonNegativeDec, type DecimalInput } from '../quantity/decimal.js';
import { roundToStep } from '../quantity/uom.js';
import { forecastAtTwoDates } from '../stock/stock-position.js';
import { orderQuantity, renderRuleSteps, sizingSteps, type RuleEvaluation, type RuleEvaluationInput } from './evaluate-rule.js';
import { ruleTarget } from './reordering-rule.js';

export interface OrderDecision {
  /** What to put on the draft; always above zero. */
  readonly quantity: Decimal;
  /** True when the planner replaced the suggested quantity. */
  readonly edited: boolean;
  readonly explanation: Explanation;
}

/**
 * "Order once" from the replenishment report: orders the suggested quantity, or the planner's edited
 * quantity, whatever the rule's trigger or snooze. An edited quantity is the planner's decision, so it is
 * not rounded to the multiple, only to the UoM step (half-up). Returns null when there is nothing to order
 * (a zero quantity); a negative one is refused.
 */
export function orderOnce(evaluation: RuleEvaluation, editedQuantity?: DecimalInput, uomStep?: Decimal): OrderDecision | null {
  const steps: ExplanationStep[] = [...evaluation.explanation.steps];
  let quantity = evaluation.quantity;
  const edited = editedQuantity !== undefined;
  if (edited) {
    let q = nonNegativeDec(editedQuantity, 'edited quantity');
    if (uomStep) q = roundToStep(q, uomStep);
    steps.push({ code: 'edited', suggested: evaluation.quantity, quantity: q });
    quantity = q;
  }
  if (!quantity.gt(0)) return null;
  return { quantity, edited, explanation: new Explanation(steps, renderRuleSteps) };
}

/**
 * "Order to max" (Odoo 17's replenishment report action): fill up to max(min, max) now, whether or not the
 * forecast is at or below the minimum; rounded up to the multiple like any rule quantity. Null when the
 * forecast already reaches the target.
 */
export function orderToMax(input: RuleEvaluationInput): OrderDecision | null {
  const { rule } = input;
  const ldd = leadDaysDate(input.today, input.leadDays, input.timeZone);
  const visibilityDate: IsoDate = addDays(ldd.date, rule.visibilityDays);
  const [atLeadDays, withVisibility] = forecastAtTwoDates(input.position, ldd.date, visibilityDate);
  const steps: ExplanationStep[] = [
    { code: 'lead-days-date', today: input.today, leadDays: input.leadDays, date: ldd.date },
    { code: 'forecast', date: ldd.date, quantity: atLeadDays },
  ];
  if (rule.visibilityDays !== 0) {
    steps.push({ code: 'visibility', visibilityDays: rule.visibilityDays, date: visibilityDate, quantity: withVisibility });
  }
  const target = ruleTarget(rule);
  const sized = orderQuantity(target, withVisibility, rule.multiple, input.uom?.rounding);
  steps.push(...sizingSteps(target, withVisibility, rule.multiple, sized, true));
  const quantity = sized.quantity;
  if (!quantity.gt(0)) return null;
  return { quantity, edited: false, explanation: new Explanation(steps, renderRuleSteps) };
}
