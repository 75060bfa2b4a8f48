import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { mrpReplanningMessagesChanged, mrpSuggestionsChanged, type EventEnvelope } from '@replenish/contracts';
import { EventPublisher } from '@replenish/messaging';
import { SERVICE_SETTINGS } from '@replenish/service-kit';
import type { ProductSiteKey } from '../reordering-rules/index.js';
import { Clock } from '../shared/clock.js';
import { preparedRows } from '../shared/db.js';
import { planMrp, type MrpInput, type MrpItemPlan } from '../shared/domain.js';
import type { PlanningSettings } from '../settings.js';
import { MrpInputsRepository } from './data-access/mrp-inputs.repository.js';
import { MrpPlansRepository, type WrittenSite } from './data-access/mrp-plans.repository.js';
import { planRows, type PlannedBy, type PlanRows } from './data-access/plan-rows.js';
import { PLANS_LOCK } from './data-access/plans-lock.js';
import { planMrpInSlices } from './mrp-engine.js';
import { MrpInputReader, type MrpInputs } from './mrp-input-reader.js';

/** Takes the plans lock (PLANS_LOCK) in `tx`, until its end. */
export async function lockPlans(tx: EntityManager, mode: 'exclusive' | 'shared' = 'exclusive'): Promise<void> {
  await preparedRows(tx, `SELECT ${PLANS_LOCK[mode]}`);
}

/** What a pass wrote. */
export interface PassResult {
  planned: number;
  suggestions: number;
  requirements: number;
  messages: number;
  changed: WrittenSite[];
}

/**
 * The MRP pass (decision planning-021): inputs read set-based (MrpInputReader), planned by libs/domain's planMrp,
 * written per product-site (MrpPlansRepository), and an event per product-site whose suggestions or messages changed.
 * A regenerative run plans every site at once; a net change plans the sites an event touched and every site they
 * reach through BOMs, by-products and transfers, the requirements of parents not planned again taken as stored.
 */
@Injectable()
export class MrpPlanner {
  constructor(
    private readonly reader: MrpInputReader,
    private readonly inputs: MrpInputsRepository,
    private readonly plans: MrpPlansRepository,
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    @Inject(SERVICE_SETTINGS) private readonly settings: PlanningSettings,
  ) {}

  /** Net change in the caller's transaction: plans `sites` and what they reach, writes and publishes what changed. */
  async replan(tx: EntityManager, sites: readonly ProductSiteKey[], causedBy?: EventEnvelope): Promise<PassResult> {
    // The lock is held before reading when anything is reached: the stored requirements of parents not planned again
    // must be those this pass writes beside.
    const keys = await this.inputs.reachAndLock(tx, sites);
    if (keys.length === 0) return { planned: 0, suggestions: 0, requirements: 0, messages: 0, changed: [] };
    const inputs = await this.reader.read(tx, keys, { outside: true });
    const by: PlannedBy = causedBy ? { eventId: causedBy.id } : {};
    return this.write(tx, this.plan(inputs).plans.map((p) => planRows(p, by, inputs.outsideRequirements)), keys, by, causedBy);
  }

  /** Plans `inputs` with libs/domain, one run per time zone of the sites (a run has one calendar); inline (a net change is small). */
  plan(inputs: MrpInputs): { plans: MrpItemPlan[] } {
    return { plans: this.runsOf(inputs).flatMap((input) => planMrp(input).plans) };
  }

  /**
   * As `plan`, in a worker thread, `size` plans at a time as `by` writes them (a regenerative run: every site at
   * once). Keeps nothing of `inputs` once the worker has them: the caller should not either.
   */
  planInSlices(inputs: MrpInputs, size: number, by: PlannedBy): AsyncGenerator<PlanRows[]> {
    return planMrpInSlices(this.runsOf(inputs), size, by);
  }

  private runsOf(inputs: MrpInputs): MrpInput[] {
    const zones = new Map<string, MrpInputs['items'][number][]>();
    for (const item of inputs.items) {
      const zone = inputs.timeZones.get(`${item.productId}@${item.warehouseId}`) ?? 'UTC';
      const inZone = zones.get(zone);
      if (inZone) inZone.push(item);
      else zones.set(zone, [item]);
    }
    const runAt = this.clock.now();
    return [...zones].map(([timeZone, items]) => {
      const sites = new Set(items.map((i) => `${i.productId}@${i.warehouseId}`));
      const inZone = (x: ProductSiteKey) => sites.has(`${x.productId}@${x.warehouseId}`);
      return {
        runAt, timeZone, bucket: 'day', horizonDays: this.settings.PLANNING_MRP_HORIZON_DAYS, items,
        demands: inputs.demands.filter(inZone), receipts: inputs.receipts.filter(inZone),
      };
    });
  }

  /** Writes plans (the caller holds lockPlans) and publishes an event per site whose suggestions or messages changed. */
  async write(tx: EntityManager, plans: readonly PlanRows[], parents: readonly ProductSiteKey[], by: PlannedBy, causedBy?: EventEnvelope): Promise<PassResult> {
    const changed = await this.plans.write(tx, plans, parents, by);
    const byKey = new Map(plans.map((p) => [`${p.productId}@${p.warehouseId}`, p]));
    const plannedAt = this.clock.now().toISOString();
    const events = changed.flatMap((w) => {
      const plan = byKey.get(`${w.productId}@${w.warehouseId}`);
      if (!plan || w.version < 1) return [];
      const site = { productId: w.productId, warehouseId: w.warehouseId, version: w.version, plannedAt };
      return [
        ...(w.suggestionsChanged ? [{
          def: mrpSuggestionsChanged,
          payload: { ...site, suggestions: plan.suggestions.map((s) => ({ suggestionId: s.id, kind: s.kind, quantity: s.quantity, dueDate: s.dueDate, startDate: s.startDate, late: s.late })) },
        }] : []),
        ...(w.messagesChanged ? [{
          def: mrpReplanningMessagesChanged,
          payload: { ...site, messages: plan.messages.map((m) => ({ receiptId: m.receiptId, action: m.action, fromDate: m.fromDate, toDate: m.toDate, fromQuantity: m.fromQuantity, toQuantity: m.toQuantity, text: m.explanation })) },
        }] : []),
      ];
    });
    if (events.length > 0) await this.publisher.publishMany(tx, events, causedBy ? { causedBy } : undefined);
    return {
      planned: changed.length,
      suggestions: plans.reduce((n, p) => n + p.suggestions.length, 0),
      requirements: plans.reduce((n, p) => n + p.requirementCount, 0),
      messages: plans.reduce((n, p) => n + p.messages.length, 0),
      changed: changed.filter((w) => w.suggestionsChanged || w.messagesChanged),
    };
  }
}
