/**
 * The one door to libs/domain: every replenishment formula the service uses comes through here, so the
 * service never re-implements one (rule evaluation, lead days, draft dates, merge/shrink, MTO decisions).
 */
export {
  Decimal,
  dec,
  defineUom,
  evaluateRule,
  reorderingRule,
  stockPosition,
  leadDays,
  draftDates,
  localDate,
  assertTimeZone,
  mergeNeed,
  shrinkLine,
  cancelDraft,
  confirmDraft,
  confirmMtoLine,
  changeMtoLine,
  orderOnce,
  topUpKeyString,
  draftTypeForRoute,
  DomainError,
} from '@replenish/domain';
export type {
  Uom,
  LeadTimes,
  RuleEvaluation,
  StockPosition,
  DraftOrder,
  DraftLine,
  DraftChange,
  Need,
  Origin,
  TopUpKey,
  MtoDecision,
  Explanation,
} from '@replenish/domain';
