import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  manufacturingOrderCancelled, manufacturingOrderConfirmed, manufacturingOrderPlaced, purchaseOrderCancelled, purchaseOrderConfirmed, purchaseOrderPlaced,
  transferOrderCancelled, transferOrderConfirmed, transferOrderPlaced, type EventEnvelope,
} from '@replenish/contracts';
import { MessagingContext, type EventPatternExtras } from '@replenish/messaging';
import { causeOf } from '../../shared/cause.js';
import { permanentOnBadInput } from '../../shared/permanent-on-bad-input.js';
import { ExternalSupplyService } from '../external-supply.service.js';
import type { PlacedOrder, PlacedOrderType } from '../external-supply.js';

// Decisions about planning's drafts are planning's business: inventory learns their supply from draft-order.confirmed (0002).
const DRAFT_DECISIONS = [
  purchaseOrderConfirmed, purchaseOrderCancelled, manufacturingOrderConfirmed, manufacturingOrderCancelled, transferOrderConfirmed, transferOrderCancelled,
].map((d) => d.type);
const TYPE_OF: Record<string, PlacedOrderType> = {
  [purchaseOrderPlaced.type]: 'purchase', [manufacturingOrderPlaced.type]: 'manufacturing', [transferOrderPlaced.type]: 'transfer',
};

/**
 * Orders confirmed in a purchasing, manufacturing or warehouse system without a planning draft (purchasing.orders,
 * manufacturing.orders, transfers.orders): planned as a confirmed draft of their type, replaced whole at every change.
 */
@Controller()
export class PlacedOrderConsumer {
  constructor(private readonly supply: ExternalSupplyService) {}

  @EventPattern<string[]>(Object.keys(TYPE_OF), { ignores: DRAFT_DECISIONS } satisfies EventPatternExtras)
  async onPlaced(@Payload() event: EventEnvelope<PlacedOrder>, @Ctx() ctx: MessagingContext): Promise<void> {
    const p = event.payload;
    const type = TYPE_OF[event.type] as PlacedOrderType;
    const tx = ctx.getManager();
    const touched = await permanentOnBadInput(`${type} order ${p.orderRef} of ${p.sourceSystem}`, () => this.supply.place(tx, type, p));
    await this.supply.publish(tx, touched, causeOf(event));
  }
}
