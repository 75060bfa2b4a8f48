import type { DraftDates } from '../dates/draft-dates.js';
import { Explanation, show, type ExplanationStep } from './explanation.js';

/** What a draft line's planned date was counted back from: a rule's lead days date, an MTO line's delivery date. */
export type NeedDateKind = 'lead days date' | 'delivery date';

/**
 * The step saying why a draft line's planned date is not the date the decision looked at: the security lead
 * time is counted back from the need date (draftDates). Without it a planner sees "forecast on 2026-12-12" next
 * to a line planned for 2026-12-10 and no reason for the two days.
 */
export function plannedDateStep(dates: Pick<DraftDates, 'needDate' | 'plannedDate'>, securityLeadDays: number, need: NeedDateKind): ExplanationStep {
  return { code: 'planned-date', plannedDate: dates.plannedDate, needDate: dates.needDate, need, securityLeadDays };
}

/**
 * "planned for 2026-12-10: the lead days date 2026-12-12 minus 2 security lead days", or
 * "planned for 2026-12-12, the lead days date" without a security lead time.
 */
export function renderPlannedDate(steps: readonly ExplanationStep[]): string {
  const s = steps.find((step) => step.code === 'planned-date');
  if (!s) return '';
  const days = Number(s['securityLeadDays'] ?? 0);
  const planned = `planned for ${show(s['plannedDate'])}`;
  if (days === 0) return `${planned}, the ${show(s['need'])}`;
  return `${planned}: the ${show(s['need'])} ${show(s['needDate'])} minus ${days} security lead day${days === 1 ? '' : 's'}`;
}

/** The explanation followed by the planned date of the line it put on a draft. */
export function explainPlannedDate(
  explanation: Explanation, dates: Pick<DraftDates, 'needDate' | 'plannedDate'>, securityLeadDays: number, need: NeedDateKind,
): Explanation {
  return explanation.followedBy([plannedDateStep(dates, securityLeadDays, need)], renderPlannedDate);
}
