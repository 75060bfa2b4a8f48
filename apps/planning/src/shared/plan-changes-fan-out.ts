import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@replenish/contracts';
import { PlanChanges, type ChangedSalesLine, type ChangedSite } from './plan-changes.js';

/** The plans kept beside the reordering rules (MRP's net change, the MPS's live rows), as planning.module.ts lists them. */
export const PLAN_CHANGE_LISTENERS = Symbol('PlanChangeListeners');

/**
 * What the consumers inject as PlanChanges: tells each plan in turn, in the consumer's transaction. One call per
 * consumer whatever the number of plans, and no consumer's feature imports a plan's feature (no feature cycle,
 * decision 0005).
 */
@Injectable()
export class PlanChangesFanOut extends PlanChanges {
  constructor(@Inject(PLAN_CHANGE_LISTENERS) private readonly listeners: readonly PlanChanges[]) {
    super();
  }

  async sitesChanged(tx: EntityManager, sites: readonly ChangedSite[], causedBy?: EventEnvelope): Promise<void> {
    for (const l of this.listeners) await l.sitesChanged(tx, sites, causedBy);
  }

  async salesLinesChanged(tx: EntityManager, lines: readonly ChangedSalesLine[], causedBy: EventEnvelope): Promise<void> {
    for (const l of this.listeners) await l.salesLinesChanged(tx, lines, causedBy);
  }
}
