import { InvalidRuleError } from '../errors.js';
import { assertIsoDate, assertWholeDays, type IsoDate } from '../dates/iso-date.js';
import { nonNegativeDec, type Decimal, type DecimalInput } from '../quantity/decimal.js';

export type RuleTrigger = 'automatic' | 'manual';

/**
 * A reordering rule (docs/semantics.md, "Reordering rules"), quantities in the product's UoM. Route, vendor and BOM decide
 * where the draft goes and the lead days; they are inputs of the services, not of the arithmetic here.
 */
export interface ReorderingRule {
  readonly id?: string;
  readonly minimum: Decimal;
  readonly maximum: Decimal;
  /** Order quantities are whole numbers of this; 0 means no rounding. */
  readonly multiple: Decimal;
  readonly trigger: RuleTrigger;
  /** Extra days of demand the quantity covers; they never trigger an order. */
  readonly visibilityDays: number;
  /** Manual rules only: hidden from the replenishment report before this date. */
  readonly snoozedUntil?: IsoDate | null;
}

export interface ReorderingRuleInput {
  id?: string;
  minimum: DecimalInput;
  maximum: DecimalInput;
  multiple?: DecimalInput;
  trigger?: RuleTrigger;
  visibilityDays?: number;
  snoozedUntil?: IsoDate | null;
}

/** Validates a rule: non-negative quantities, whole non-negative visibility days, snooze on manual only. */
export function reorderingRule(input: ReorderingRuleInput): ReorderingRule {
  const trigger = input.trigger ?? 'automatic';
  const visibilityDays = assertWholeDays(input.visibilityDays ?? 0, 'visibilityDays');
  if (visibilityDays < 0) throw new InvalidRuleError('visibilityDays must not be negative');
  const snoozedUntil = input.snoozedUntil == null ? null : assertIsoDate(input.snoozedUntil, 'snoozedUntil');
  if (snoozedUntil !== null && trigger !== 'manual') throw new InvalidRuleError('only a manual rule can be snoozed');
  const rule: ReorderingRule = {
    minimum: nonNegativeDec(input.minimum, 'minimum'),
    maximum: nonNegativeDec(input.maximum, 'maximum'),
    multiple: nonNegativeDec(input.multiple ?? '1', 'multiple'),
    trigger,
    visibilityDays,
    snoozedUntil,
  };
  return input.id === undefined ? rule : { id: input.id, ...rule };
}

/** Hide a manual rule from the replenishment report until `until`. */
export function snoozeRule(rule: ReorderingRule, until: IsoDate): ReorderingRule {
  if (rule.trigger !== 'manual') throw new InvalidRuleError('only a manual rule can be snoozed');
  return { ...rule, snoozedUntil: assertIsoDate(until, 'snoozedUntil') };
}

/** Switch a manual rule to automatic: from now on it orders by itself, and a snooze no longer applies. */
export function automateRule(rule: ReorderingRule): ReorderingRule {
  return { ...rule, trigger: 'automatic', snoozedUntil: null };
}

/** Snoozed means: a manual rule whose snooze date is still ahead. From that date on it shows again. */
export function isSnoozed(rule: ReorderingRule, today: IsoDate): boolean {
  return rule.trigger === 'manual' && rule.snoozedUntil != null && today < rule.snoozedUntil;
}

/** The level a triggered rule orders up to: max(minimum, maximum), so a rule with max < min still works. */
export function ruleTarget(rule: ReorderingRule): Decimal {
  return rule.maximum.gte(rule.minimum) ? rule.maximum : rule.minimum;
}

/** True for the just-in-time rule 0/0, which orders exactly the shortage. */
export function isJustInTime(rule: ReorderingRule): boolean {
  return rule.minimum.isZero() && rule.maximum.isZero();
}

