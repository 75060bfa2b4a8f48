import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { plannedMoveAnnounced, plannedMoveCancelled, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { MessagingContext } from '@replenish/messaging';
import { causeOf } from '../../shared/cause.js';
import { permanentOnBadInput } from '../../shared/permanent-on-bad-input.js';
import { ExternalSupplyService } from '../external-supply.service.js';

type Env<D> = EventEnvelope<PayloadOf<D>>;

/**
 * Planned moves of warehouse systems (warehouse.stock-moves): planned at once, their positions republished caused by the
 * event. Bad ones (unknown product, a UoM the product lacks, the cancellation of a move never announced) are dead-lettered
 * with the reason; a negative quantity never passes the contract's schema.
 */
@Controller()
export class PlannedMoveConsumer {
  constructor(private readonly supply: ExternalSupplyService) {}

  @EventPattern<string>(plannedMoveAnnounced.type)
  async onAnnounced(@Payload() event: Env<typeof plannedMoveAnnounced>, @Ctx() ctx: MessagingContext): Promise<void> {
    const p = event.payload;
    const tx = ctx.getManager();
    const touched = await permanentOnBadInput(`planned move ${p.externalRef} of ${p.sourceSystem}`, () => this.supply.announce(tx, p));
    await this.supply.publish(tx, touched, causeOf(event));
  }

  @EventPattern<string>(plannedMoveCancelled.type)
  async onCancelled(@Payload() event: Env<typeof plannedMoveCancelled>, @Ctx() ctx: MessagingContext): Promise<void> {
    const p = event.payload;
    const tx = ctx.getManager();
    const touched = await permanentOnBadInput(`planned move ${p.externalRef} of ${p.sourceSystem}`, () => this.supply.cancel(tx, p));
    await this.supply.publish(tx, touched, causeOf(event));
  }
}
