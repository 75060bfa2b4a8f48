import { joinClauses, show, type ExplanationStep } from '../explanation/explanation.js';

/**
 * A column's replenishment in words, e.g. "week of 2026-12-07: starting stock 10; demand 30 (forecast 30, actual
 * demand 20); indirect demand 4 (from TABLE 4); 10 - 30 - 4 = -24 against a safety target of 20: 44 missing, kept
 * between minimum 0 and maximum 40: suggests 40; 15 already ordered: 25 to order by 2026-11-30; forecasted stock 16".
 */
export function renderMpsCell(steps: readonly ExplanationStep[]): string {
  const s = (code: string) => steps.find((x) => x.code === code) ?? { code };
  const period = s('period');
  const starting = s('starting');
  const demand = s('demand');
  const indirect = s('indirect');
  const need = s('need');
  const suggested = s('suggested');
  const override = steps.find((x) => x.code === 'override');
  const ordered = s('ordered');
  const missing = need.missing;
  const positive = missing !== undefined && missing !== null && typeof missing === 'object' && missing.gt(0);
  return joinClauses([
    `period from ${show(period.start)}: starting stock ${show(starting.quantity)}`,
    `demand ${show(demand.quantity)} (the larger of forecast ${show(demand.forecast)} and actual demand ${show(demand.actual)})`,
    `indirect demand ${show(indirect.quantity)}${indirect.from ? ` (from ${show(indirect.from)})` : ''}`,
    `${show(starting.quantity)} - ${show(demand.quantity)} - ${show(indirect.quantity)} = ${show(need.projected)} against a safety target of ${show(need.target)}: ` +
      (positive
        ? `${show(missing)} missing, kept between minimum ${show(suggested.minimum)} and maximum ${suggested.maximum === null ? 'none' : show(suggested.maximum)}: suggests ${show(suggested.quantity)}`
        : 'nothing missing: suggests 0'),
    override ? `overridden by the planner: ${show(override.quantity)}` : undefined,
    `${show(ordered.quantity)} already ordered: ${show(ordered.toReplenish)} to order by ${show(ordered.orderDate)}`,
    `forecasted stock ${show(s('forecasted').quantity)}`,
  ]);
}
