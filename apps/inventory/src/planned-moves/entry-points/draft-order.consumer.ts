import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { draftOrderCancelled, draftOrderConfirmed, draftOrderRaised, draftOrderUpdated, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { MessagingContext, type EventPatternExtras } from '@replenish/messaging';
import { causeOf } from '../../shared/cause.js';
import { permanentOnBadInput } from '../../shared/permanent-on-bad-input.js';
import { plannedFromDraft, productsOfDraft } from '../planned-moves.js';
import { PlannedMovesService } from '../planned-moves.service.js';

type Env<D> = EventEnvelope<PayloadOf<D>>;

/** Confirmed drafts (planning.draft-orders) as planned incoming moves, and outgoing ones for transfers and components. */
@Controller()
export class DraftOrderConsumer {
  private readonly log = new Logger('inventory.handlers');

  constructor(private readonly planned: PlannedMovesService) {}

  // Drafts being raised and updated are planning's business: inventory plans moves once a draft is confirmed.
  @EventPattern<string>(draftOrderConfirmed.type, { ignores: [draftOrderRaised.type, draftOrderUpdated.type] } satisfies EventPatternExtras)
  async onDraftOrderConfirmed(@Payload() event: Env<typeof draftOrderConfirmed>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    const d = event.payload;
    const lookup = await this.planned.productsOf(tx, productsOfDraft(d));
    const specs = await permanentOnBadInput(`draft order ${d.draftOrderId}`, async () => plannedFromDraft(d, lookup));
    await this.planned.plan(tx, specs, causeOf(event));
  }

  /** Only drafts are cancelled (a confirmed draft is frozen), and drafts have no planned moves: normally a no-op. */
  @EventPattern<string>(draftOrderCancelled.type)
  async onDraftOrderCancelled(@Payload() event: Env<typeof draftOrderCancelled>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    const touched = await this.planned.cancel(tx, 'draft-order', [event.payload.draftOrderId], causeOf(event));
    if (touched > 0) this.log.warn(`draft order ${event.payload.draftOrderId} cancelled after confirmation: its remaining planned moves are removed`);
  }
}
