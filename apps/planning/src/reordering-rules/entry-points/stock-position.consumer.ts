import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { MessagingContext, type EventPatternExtras } from '@replenish/messaging';
import { isUuid, productWarehouseKey, stockPositionChanged, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { DraftOrderService } from '../../draft-orders/index.js';
import { shareWrites } from '../../shared/db.js';
import { ProjectionRepository } from '../data-access/projection.repository.js';
import { RuleRepository } from '../data-access/rule.repository.js';
import { RuleEvaluator } from '../rule-evaluator.js';
import { SetEvaluator } from '../set-evaluator.js';

type PositionEvent = EventEnvelope<PayloadOf<typeof stockPositionChanged>>;

/**
 * inventory.stock-positions, a broker batch at a time (decision planning-007): only the newest position of
 * each product@warehouse counts, so each is stored and its rule evaluated once per batch. The batch shares
 * planning's write lock and locks the rule and draft keys it touches up front, in one order, so partitions
 * and replicas work side by side without deadlocks. Each draft the batch tops up is published once.
 */
@Controller()
export class StockPositionConsumer {
  constructor(
    private readonly projection: ProjectionRepository,
    private readonly evaluator: RuleEvaluator,
    private readonly drafts: DraftOrderService,
    private readonly rules: RuleRepository,
    private readonly set: SetEvaluator,
  ) {}

  @EventPattern<string>(stockPositionChanged.type, { batch: true } satisfies EventPatternExtras)
  async onPositionsChanged(@Payload() events: PositionEvent[], @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    await shareWrites(tx);
    const newest = new Map<string, PositionEvent>();
    for (const e of events) {
      const k = positionKey(e.payload);
      const seen = newest.get(k);
      if (!seen || seen.payload.sequence < e.payload.sequence) newest.set(k, e);
    }
    // Its rules and those an order reaches (a transfer's source, components; RuleEvaluator.evaluateDependents), every
    // rule and draft key locked up front.
    const { prepared, draftKeys } = await this.set.lockRules(tx, [...newest.values()].map((e) => e.payload), { lockDrafts: true });
    // A position caused by our draft-order.confirmed carries the draft's incoming: the draft stops counting.
    // ... and, caused by a manufacturing draft's confirmation, its components' consumption (decision planning-009).
    const settled = events.filter((e) => isUuid(e.causationId))
      .map((e) => ({ confirmedEventId: e.causationId as string, productId: e.payload.productId, warehouseId: e.payload.warehouseId }));
    const applied = await this.projection.applyPositions(tx, [...newest.values()].map((e) => e.payload), settled);
    // Each pair's inputs in one statement, unless an order of this batch can change another product's or
    // warehouse's position before it is read (a transfer, a manufacturing order's components).
    const crossing = [...prepared.values()].some((r) => r.supply.ok && r.supply.supply.route !== 'buy');
    if (!crossing) {
      const evaluated = [...newest.entries()].filter(([k]) => applied.has(k) && prepared.get(k)?.rule.trigger === 'automatic');
      await this.projection.prefetch(tx, evaluated.map(([, e]) => e.payload));
    }
    this.rules.beginBatch(tx);
    await this.drafts.beginBatch(tx, draftKeys, { deferLines: !crossing });
    for (const [k, e] of newest) {
      if (!applied.has(k)) continue; // older than the position we have: nothing changed
      const p = e.payload;
      await this.evaluator.evaluateAndOrder(tx, { productId: p.productId, warehouseId: p.warehouseId, cause: stockPositionChanged.type, causedBy: e, prepared: prepared.get(k) ?? null });
    }
    await this.drafts.flush(tx, [this.rules.takeEvaluations(tx)]);
  }
}

const positionKey = (p: { productId: string; warehouseId: string }): string => productWarehouseKey(p.productId, p.warehouseId);
