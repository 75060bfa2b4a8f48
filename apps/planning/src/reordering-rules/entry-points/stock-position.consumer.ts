import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { stockPositionChanged, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { OnEvents } from '@replenish/messaging';
import { DraftOrderService } from '../../draft-orders/draft-order.service.js';
import { draftLockKey, lockKeys, shareWrites } from '../../shared/db.js';
import { ProjectionRepository } from '../data-access/projection.repository.js';
import { RuleEvaluator, ruleLockKey } from '../rule-evaluator.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type PositionEvent = EventEnvelope<PayloadOf<typeof stockPositionChanged>>;

/**
 * inventory.stock-positions, a broker batch at a time (decision planning-007): only the newest position of
 * each product@warehouse counts, so each is stored and its rule evaluated once per batch. The batch shares
 * planning's write lock and locks the rule and draft keys it touches up front, in one order, so partitions
 * and replicas work side by side without deadlocks. Each draft the batch tops up is published once.
 */
@Injectable()
export class StockPositionConsumer {
  constructor(
    private readonly projection: ProjectionRepository,
    private readonly evaluator: RuleEvaluator,
    private readonly drafts: DraftOrderService,
  ) {}

  @OnEvents(stockPositionChanged)
  async onPositionsChanged(events: PositionEvent[], tx: EntityManager): Promise<void> {
    await shareWrites(tx);
    const newest = new Map<string, PositionEvent>();
    for (const e of events) {
      const k = positionKey(e.payload);
      const seen = newest.get(k);
      if (!seen || seen.payload.sequence < e.payload.sequence) newest.set(k, e);
    }
    const prepared = await this.evaluator.prepareMany(tx, [...newest.values()].map((e) => e.payload));
    const keys: string[] = [];
    for (const e of newest.values()) {
      keys.push(ruleLockKey(e.payload.productId, e.payload.warehouseId));
      const ready = prepared.get(positionKey(e.payload));
      if (ready?.rule.trigger === 'automatic' && ready.supply.ok) keys.push(draftLockKey(ready.supply.supply.keyString));
    }
    await lockKeys(tx, keys);
    // A position caused by our draft-order.confirmed carries the draft's incoming: the draft stops counting.
    for (const e of events) {
      if (e.causationId && UUID.test(e.causationId)) await this.projection.settleConfirmed(tx, e.causationId, e.payload.productId, e.payload.warehouseId);
    }
    const applied = await this.projection.upsertPositions(tx, [...newest.values()].map((e) => e.payload));
    this.drafts.beginBatch(tx);
    for (const [k, e] of newest) {
      if (!applied.has(k)) continue; // older than the position we have: nothing changed
      const p = e.payload;
      await this.evaluator.evaluateAndOrder(tx, p.productId, p.warehouseId, 'stock-position.changed', e, prepared.get(k) ?? null);
    }
    await this.drafts.flush(tx);
  }
}

const positionKey = (p: { productId: string; warehouseId: string }): string => `${p.productId}@${p.warehouseId}`;
