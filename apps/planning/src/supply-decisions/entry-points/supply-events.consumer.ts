import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  isUuid, manufacturingOrderCancelled, manufacturingOrderConfirmed, purchaseOrderCancelled, purchaseOrderConfirmed, transferOrderCancelled,
  transferOrderConfirmed, type EventEnvelope, type PayloadOf,
} from '@replenish/contracts';
import { OnEvent, PermanentError } from '@replenish/messaging';
import { DraftOrderRepository, DraftOrderService } from '../../draft-orders/index.js';
import { MtoService } from '../../make-to-order/index.js';
import { RuleEvaluator } from '../../reordering-rules/index.js';
import { cancelDraft, confirmDraft } from '../../shared/domain.js';
import { serializeWrites } from '../../shared/db.js';

type Decision = EventEnvelope<PayloadOf<typeof purchaseOrderConfirmed>>;
const TYPE_OF = { purchase: 'purchase', manufacturing: 'manufacturing', transfer: 'transfer' } as const;

/**
 * purchasing.orders, manufacturing.orders, transfers.orders: the systems that confirm or cancel drafts.
 * Confirmed freezes the draft (draft-order.confirmed gives inventory the incoming); cancelled takes its
 * quantities out of progress and orders its make-to-order sales lines again (decision planning-008). Both then
 * re-evaluate the rules of the draft's products.
 */
@Injectable()
export class SupplyEventsConsumer {
  private readonly log = new Logger(SupplyEventsConsumer.name);

  constructor(
    private readonly repo: DraftOrderRepository,
    private readonly drafts: DraftOrderService,
    private readonly evaluator: RuleEvaluator,
    private readonly mto: MtoService,
  ) {}

  @OnEvent(purchaseOrderConfirmed)
  onPurchaseConfirmed(e: Decision, tx: EntityManager) {
    return this.decide(e, tx, 'purchase', 'confirmed');
  }

  @OnEvent(purchaseOrderCancelled)
  onPurchaseCancelled(e: Decision, tx: EntityManager) {
    return this.decide(e, tx, 'purchase', 'cancelled');
  }

  @OnEvent(manufacturingOrderConfirmed)
  onManufacturingConfirmed(e: Decision, tx: EntityManager) {
    return this.decide(e, tx, 'manufacturing', 'confirmed');
  }

  @OnEvent(manufacturingOrderCancelled)
  onManufacturingCancelled(e: Decision, tx: EntityManager) {
    return this.decide(e, tx, 'manufacturing', 'cancelled');
  }

  @OnEvent(transferOrderConfirmed)
  onTransferConfirmed(e: Decision, tx: EntityManager) {
    return this.decide(e, tx, 'transfer', 'confirmed');
  }

  @OnEvent(transferOrderCancelled)
  onTransferCancelled(e: Decision, tx: EntityManager) {
    return this.decide(e, tx, 'transfer', 'cancelled');
  }

  private async decide(event: Decision, tx: EntityManager, type: keyof typeof TYPE_OF, decision: 'confirmed' | 'cancelled'): Promise<void> {
    await serializeWrites(tx);
    const { draftOrderId, externalRef } = event.payload;
    if (!isUuid(draftOrderId)) throw new PermanentError(`draft order ${draftOrderId} does not exist (not a planning draft id)`);
    const loaded = await this.repo.lockById(tx, draftOrderId);
    if (!loaded) throw new PermanentError(`draft order ${draftOrderId} does not exist`);
    if (loaded.header.type !== TYPE_OF[type]) throw new PermanentError(`draft order ${draftOrderId} is a ${loaded.header.type} draft, not a ${type} one`);
    // Already done (the same decision sent twice with new ids): nothing again, MTO lines are not re-ordered twice.
    if (loaded.header.state === decision) return;
    if (loaded.header.state !== 'draft') {
      throw new PermanentError(`draft order ${draftOrderId} is already ${loaded.header.state}; it cannot be ${decision}`);
    }
    const change = decision === 'confirmed' ? confirmDraft(loaded.draft) : cancelDraft(loaded.draft);
    const published = await this.drafts.save(tx, loaded, change, { causedBy: event });
    if (decision === 'confirmed' && published) await this.repo.markConfirmed(tx, draftOrderId, externalRef, published.id);
    this.log.log({ draftOrderId, decision, version: change.draft.version }, `draft ${decision}`);
    // Before the rules: their forecast must already count the re-raised MTO supply against the MTO demand.
    if (decision === 'cancelled') await this.mto.reorderCancelledDraft(tx, loaded, event);
    for (const line of loaded.draft.lines) {
      await this.evaluator.evaluateAndOrder(tx, line.productId, loaded.header.warehouseId, `draft-${decision}`, event);
    }
  }
}
