import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  upstreamOrderCancelRequested,
  upstreamOrderConfirmRequested,
  upstreamOrderLineQuantityChanged,
  upstreamOrderSubmitted,
  type EventEnvelope,
  type PayloadOf,
} from '@replenish/contracts';
import { dec } from '@replenish/domain';
import { MessagingContext } from '@replenish/messaging';
import { SalesOrderUseCases } from '../sales-orders.use-cases.js';
import { refuseAsPermanent } from './refuse-as-permanent.js';

type Envelope<D> = EventEnvelope<PayloadOf<D>>;

/**
 * Kafka entry point (upstream.orders): the same use cases as REST, inside the consumer's batch transaction,
 * where the inbox makes a redelivered event a no-op. A domain refusal is a dead letter (refuseAsPermanent).
 */
@Controller()
export class UpstreamOrderConsumer {
  constructor(private readonly useCases: SalesOrderUseCases) {}

  @EventPattern<string>(upstreamOrderSubmitted.type)
  async onSubmitted(@Payload() event: Envelope<typeof upstreamOrderSubmitted>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    const p = event.payload;
    await refuseAsPermanent(() =>
      this.useCases.submit(
        tx,
        {
          orderRef: p.orderRef,
          customerId: p.customerId ?? null,
          lines: p.lines.map((l) => ({ ...l, quantity: dec(l.quantity), commitmentDate: l.commitmentDate ?? null })),
        },
        { causedBy: event },
      ),
    );
  }

  @EventPattern<string>(upstreamOrderConfirmRequested.type)
  async onConfirmRequested(@Payload() event: Envelope<typeof upstreamOrderConfirmRequested>, @Ctx() ctx: MessagingContext): Promise<void> {
    await refuseAsPermanent(() => this.useCases.confirm(ctx.getManager(), { orderRef: event.payload.orderRef }, { causedBy: event }));
  }

  @EventPattern<string>(upstreamOrderLineQuantityChanged.type)
  async onLineQuantityChanged(@Payload() event: Envelope<typeof upstreamOrderLineQuantityChanged>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    const p = event.payload;
    await refuseAsPermanent(() => this.useCases.changeLineQuantity(tx, { orderRef: p.orderRef }, { lineRef: p.lineRef }, dec(p.quantity), { causedBy: event }));
  }

  @EventPattern<string>(upstreamOrderCancelRequested.type)
  async onCancelRequested(@Payload() event: Envelope<typeof upstreamOrderCancelRequested>, @Ctx() ctx: MessagingContext): Promise<void> {
    await refuseAsPermanent(() => this.useCases.cancel(ctx.getManager(), { orderRef: event.payload.orderRef }, event.payload.reason ?? null, { causedBy: event }));
  }
}
