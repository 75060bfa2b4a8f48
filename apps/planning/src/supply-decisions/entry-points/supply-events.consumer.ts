import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import {
  isUuid, manufacturingOrderCancelled, manufacturingOrderConfirmed, placedOrderEvents, purchaseOrderCancelled, purchaseOrderConfirmed, transferOrderCancelled,
  transferOrderConfirmed, type EventEnvelope, type PayloadOf,
} from '@replenish/contracts';
import { MessagingContext, PermanentError, type EventPatternExtras } from '@replenish/messaging';
import { DraftOrderRepository, DraftOrderService } from '../../draft-orders/index.js';
import { MtoService } from '../../make-to-order/index.js';
import { PropagationWaves } from '../../reordering-rules/index.js';
import { cancelDraft, confirmDraft } from '../../shared/domain.js';
import { serializeWrites } from '../../shared/db.js';
import { PlanChanges } from '../../shared/plan-changes.js';

type Decision = EventEnvelope<PayloadOf<typeof purchaseOrderConfirmed>>;
const TYPE_OF = { purchase: 'purchase', manufacturing: 'manufacturing', transfer: 'transfer' } as const;
/** The draft type and the decision each event type carries. */
const DECISIONS: Record<string, { type: keyof typeof TYPE_OF; decision: 'confirmed' | 'cancelled' }> = {
  [purchaseOrderConfirmed.type]: { type: 'purchase', decision: 'confirmed' },
  [purchaseOrderCancelled.type]: { type: 'purchase', decision: 'cancelled' },
  [manufacturingOrderConfirmed.type]: { type: 'manufacturing', decision: 'confirmed' },
  [manufacturingOrderCancelled.type]: { type: 'manufacturing', decision: 'cancelled' },
  [transferOrderConfirmed.type]: { type: 'transfer', decision: 'confirmed' },
  [transferOrderCancelled.type]: { type: 'transfer', decision: 'cancelled' },
};

/**
 * purchasing.orders, manufacturing.orders, transfers.orders: the systems that confirm or cancel drafts.
 * Confirmed freezes the draft (draft-order.confirmed gives inventory the incoming); cancelled takes its
 * quantities out of progress and orders its make-to-order sales lines again (decision planning-008). Both then
 * re-evaluate the rules of the draft's products.
 */
@Controller()
export class SupplyEventsConsumer {
  private readonly log = new Logger(SupplyEventsConsumer.name);

  constructor(
    private readonly repo: DraftOrderRepository,
    private readonly drafts: DraftOrderService,
    private readonly waves: PropagationWaves,
    private readonly mto: MtoService,
    private readonly plans: PlanChanges,
  ) {}

  // Orders placed without a draft are inventory's: it plans their supply, and planning sees it in the stock positions (inventory-004).
  @EventPattern<string[]>(Object.keys(DECISIONS), { ignores: Object.values(placedOrderEvents).map((d) => d.type) } satisfies EventPatternExtras)
  onDecision(@Payload() e: Decision, @Ctx() ctx: MessagingContext): Promise<void> {
    const { type, decision } = DECISIONS[e.type]!;
    return this.decide(e, ctx.getManager(), type, decision);
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
    // The draft's products' rules, and what their orders reach, in waves (PropagationWaves, planning-016 addendum).
    await this.waves.run(tx, async (propagation) => {
      // Before the rules: their forecast must already count the re-raised MTO supply against the MTO demand.
      if (decision === 'cancelled') await this.mto.reorderCancelledDraft(tx, loaded, event);
      for (const line of loaded.draft.lines) {
        propagation.add({ site: { productId: line.productId, warehouseId: loaded.header.warehouseId, cause: `draft-${decision}` }, causedBy: event });
      }
    });
    await this.plans.sitesChanged(tx, loaded.draft.lines.map((l) => ({ productId: l.productId, warehouseId: loaded.header.warehouseId })), event); // the plans beside the rules: MRP's net change, the MPS's rows (planning-021, -022)
  }
}
