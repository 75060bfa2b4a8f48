import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { stockPositionChanged, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { OnEvent } from '@replenish/messaging';
import { serializeWrites } from '../../shared/db.js';
import { ProjectionRepository } from '../data-access/projection.repository.js';
import { RuleEvaluator } from '../rule-evaluator.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** inventory.stock-positions: keep the newest position per product@warehouse, then re-evaluate its rule. */
@Injectable()
export class StockPositionConsumer {
  constructor(
    private readonly projection: ProjectionRepository,
    private readonly evaluator: RuleEvaluator,
  ) {}

  @OnEvent(stockPositionChanged)
  async onPositionChanged(event: EventEnvelope<PayloadOf<typeof stockPositionChanged>>, tx: EntityManager): Promise<void> {
    await serializeWrites(tx);
    const p = event.payload;
    const applied = await this.projection.upsertPosition(tx, p);
    // A position caused by our draft-order.confirmed carries the draft's incoming: the draft stops counting.
    if (event.causationId && UUID.test(event.causationId)) await this.projection.settleConfirmed(tx, event.causationId, p.productId, p.warehouseId);
    if (!applied) return; // older than the position we have: nothing changed
    await this.evaluator.evaluateAndOrder(tx, p.productId, p.warehouseId, 'stock-position.changed', event);
  }
}
