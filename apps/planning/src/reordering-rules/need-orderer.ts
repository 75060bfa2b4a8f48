import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@replenish/contracts';
import type { Supply } from '../catalog/index.js';
import { DraftOrderService, type DraftTarget } from '../draft-orders/index.js';
import { draftDates, type DraftDates, type Need } from '../shared/domain.js';
import { RuleRepository } from './data-access/rule.repository.js';

/** Re-evaluates the rules a draft's new demand reaches (RuleEvaluator.evaluateDependents). */
export interface DependentRules {
  evaluateDependents(tx: EntityManager, productId: string, supply: Supply, causedBy?: EventEnvelope, draftId?: string): Promise<void>;
}

/** One need to put on a draft, with why (see `NeedOrderer.order`). */
export interface NeedOrder {
  /** Keyed and dated by the caller's decision; its origin gets the id of the evaluation stored with it. */
  readonly need: Need;
  readonly warehouseId: string;
  /** The draft it goes to: `draftTargetOf` its supply, or the linked draft an MTO increase tops up. */
  readonly draft: DraftTarget;
  /** Stored as a rule evaluation (`ruleId` null when no rule decided it), which the draft line's origin names. */
  readonly evaluation: { readonly ruleId: string | null; readonly cause: string; readonly triggered: boolean; readonly explanation: unknown };
  readonly causedBy?: EventEnvelope;
  /** When given, the rules the new demand of `supply` reaches are re-evaluated once the need is on its draft. */
  readonly dependents?: { readonly supply: Supply; readonly rules: DependentRules };
}

/**
 * The dates of a draft of `supply` for a need on `needDate` (a rule's lead days date, an MTO line's delivery
 * date): libs/domain's draftDates with the supply's lead times.
 */
export function orderDates(supply: Supply, needDate: string): DraftDates {
  return draftDates({
    needDate, securityLeadDays: supply.securityLeadDays,
    ...(supply.vendorLeadDays !== undefined ? { vendorLeadDays: supply.vendorLeadDays } : {}),
    ...(supply.productionDelayDays !== undefined ? { productionDelayDays: supply.productionDelayDays } : {}),
  });
}

/** The open draft of `supply`'s key at `warehouseId`, asking for the order date (a purchase) or manufacturing start. */
export function draftTargetOf(supply: Supply, warehouseId: string, dates: DraftDates): DraftTarget {
  const orderDate = dates.orderDate ?? dates.manufacturingStartDate;
  return {
    keyString: supply.keyString, warehouseId,
    ...(supply.vendorId ? { vendorId: supply.vendorId } : {}), ...(supply.bomId ? { bomId: supply.bomId } : {}),
    ...(supply.sourceWarehouseId ? { sourceWarehouseId: supply.sourceWarehouseId } : {}), ...(orderDate ? { orderDate } : {}),
  };
}

/**
 * Orders a need, whoever decided it (an automatic rule, a planner's order once, a make-to-order line): stores the
 * evaluation, puts the need on its draft with the evaluation as origin, and re-evaluates the dependent rules.
 * The caller chose the supply and the dates (`orderDates`, `draftTargetOf`).
 */
@Injectable()
export class NeedOrderer {
  constructor(
    private readonly rules: RuleRepository,
    private readonly drafts: DraftOrderService,
  ) {}

  async order(tx: EntityManager, order: NeedOrder): Promise<{ draftId: string }> {
    const { need, causedBy } = order;
    const evaluationId = randomUUID();
    await this.rules.saveEvaluation(tx, {
      id: evaluationId, ruleId: order.evaluation.ruleId, productId: need.productId, warehouseId: order.warehouseId, cause: order.evaluation.cause,
      ...(causedBy ? { eventId: causedBy.id } : {}), triggered: order.evaluation.triggered, quantity: need.quantity.toString(), explanation: order.evaluation.explanation,
    });
    const { draftId } = await this.drafts.addNeed(tx, { ...need, origin: { ...need.origin, evaluationId } }, order.draft, causedBy ? { causedBy } : {});
    // Under the caller's write locks: the dependents' rule and draft keys are its to take (serializeWrites, lockKeys).
    if (order.dependents) await order.dependents.rules.evaluateDependents(tx, need.productId, order.dependents.supply, causedBy, draftId);
    return { draftId };
  }
}
