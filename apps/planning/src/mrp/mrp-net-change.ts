import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@replenish/contracts';
import { DomainError } from '../shared/domain.js';
import { PlanChanges, type ChangedSalesLine, type ChangedSite } from '../shared/plan-changes.js';
import { MrpInputsRepository } from './data-access/mrp-inputs.repository.js';
import { MrpPlanner } from './mrp-planner.js';

/**
 * MRP's net change (decision planning-021): the consumers of stock positions, sales orders and draft decisions call
 * it in their transaction, after their own work (inbox, outbox: exactly once with it), as do the planning data
 * services (product-site data, a reorder policy, a BOM); it plans again the MRP product-sites the change touched and
 * every one they reach through BOMs, by-products and transfers. Planning data the engine refuses (a loop of
 * transfers, a bound passed) is logged and leaves those plans as they were: the event is still applied for the rules,
 * not dead-lettered for MRP's sake (a database error still fails the batch).
 */
@Injectable()
export class MrpNetChange extends PlanChanges {
  private readonly log = new Logger(MrpNetChange.name);

  constructor(
    private readonly planner: MrpPlanner,
    private readonly inputs: MrpInputsRepository,
  ) {
    super();
  }

  async sitesChanged(tx: EntityManager, sites: readonly ChangedSite[], causedBy?: EventEnvelope): Promise<void> {
    await this.replan(tx, sites, causedBy);
  }

  /** Keeps the lines (pegging names them), then plans their sites again. */
  async salesLinesChanged(tx: EntityManager, lines: readonly ChangedSalesLine[], causedBy: EventEnvelope): Promise<void> {
    await this.inputs.saveSalesLines(tx, lines);
    await this.replan(tx, lines, causedBy);
  }

  private async replan(tx: EntityManager, sites: readonly ChangedSite[], causedBy?: EventEnvelope): Promise<void> {
    try {
      await this.planner.replan(tx, sites, causedBy);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      this.log.warn({ err: e, eventId: causedBy?.id, sites: sites.length }, `MRP could not plan what this event reaches: ${e.message}`);
    }
  }
}
