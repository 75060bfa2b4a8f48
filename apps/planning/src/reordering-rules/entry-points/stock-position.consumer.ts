import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { MessagingContext, type EventPatternExtras } from '@replenish/messaging';
import { isUuid, productWarehouseKey, stockPositionChanged, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { whileShared } from '../../shared/db.js';
import { PlanChanges } from '../../shared/plan-changes.js';
import { ProjectionRepository } from '../data-access/projection.repository.js';
import { PropagationWaves } from '../propagation-waves.js';
import { SetEvaluator } from '../set-evaluator.js';

type PositionEvent = EventEnvelope<PayloadOf<typeof stockPositionChanged>>;

/**
 * inventory.stock-positions, a broker batch at a time (decision planning-007): only the newest position of
 * each product@warehouse counts, so each is stored and its rule evaluated once per batch. The batch shares
 * planning's write lock and locks the rule and draft keys it touches up front, in one order, so partitions
 * and replicas work side by side without deadlocks. The rules are evaluated set-based, in waves of low-level code
 * down every level (PropagationWaves); each wave publishes each draft it tops up once.
 */
@Controller()
export class StockPositionConsumer {
  constructor(
    private readonly projection: ProjectionRepository,
    private readonly set: SetEvaluator,
    private readonly waves: PropagationWaves,
    private readonly plans: PlanChanges,
  ) {}

  @EventPattern<string>(stockPositionChanged.type, { batch: true } satisfies EventPatternExtras)
  async onPositionsChanged(@Payload() events: PositionEvent[], @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    const newest = new Map<string, PositionEvent>();
    for (const e of events) {
      const k = positionKey(e.payload);
      const seen = newest.get(k);
      if (!seen || seen.payload.sequence < e.payload.sequence) newest.set(k, e);
    }
    // The keys locked here hold for the waves (whileShared: they ask for none again), and the rules and catalog read
    // for them serve the waves (PropagationWaves.run).
    await whileShared(tx, () => this.waves.run(tx, async (propagation) => {
      // Its rules and those an order reaches (a transfer's source, components; RuleEvaluator.evaluateDependents), read at
      // once, every rule and draft key locked up front.
      const sites = [...newest.values()].map((e) => e.payload);
      await this.waves.readClosure(tx, sites);
      await this.set.lockRules(tx, sites, { lockDrafts: true });
      // A position caused by our draft-order.confirmed carries the draft's incoming: the draft stops counting.
      // ... and, caused by a manufacturing draft's confirmation, its components' consumption (decision planning-009).
      const settled = events.filter((e) => isUuid(e.causationId))
        .map((e) => ({ confirmedEventId: e.causationId as string, productId: e.payload.productId, warehouseId: e.payload.warehouseId }));
      const applied = await this.projection.applyPositions(tx, [...newest.values()].map((e) => e.payload), settled);
      // Each changed pair's rule, and those their orders reach, in waves of low-level code (PropagationWaves): a pair
      // whose position changed and that another pair of the batch resupplies or consumes is evaluated after it, once.
      for (const [k, e] of newest) {
        if (!applied.has(k)) continue; // older than the position we have: nothing changed
        propagation.add({ site: { productId: e.payload.productId, warehouseId: e.payload.warehouseId, cause: stockPositionChanged.type }, causedBy: e });
      }
    }));
    await this.plans.sitesChanged(tx, [...newest.values()].map((e) => e.payload), events[events.length - 1] as PositionEvent); // the plans beside the rules: MRP's net change, the MPS's rows (planning-021, -022)
  }
}

const positionKey = (p: { productId: string; warehouseId: string }): string => productWarehouseKey(p.productId, p.warehouseId);
