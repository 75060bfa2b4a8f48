import { Injectable } from '@nestjs/common';
import {
  upstreamOrderCancelRequested,
  upstreamOrderConfirmRequested,
  upstreamOrderLineQuantityChanged,
  upstreamOrderSubmitted,
  type EventEnvelope,
  type PayloadOf,
} from '@replenish/contracts';
import { dec } from '@replenish/domain';
import { OnEvent } from '@replenish/messaging';
import type { EntityManager } from 'typeorm';
import { SalesOrderUseCases } from '../sales-orders.use-cases.js';
import { refuseAsPermanent } from './refuse-as-permanent.js';

type Envelope<D> = EventEnvelope<PayloadOf<D>>;

/**
 * Kafka entry point (upstream.orders): the same use cases as REST, inside the consumer's batch transaction,
 * where the inbox makes a redelivered event a no-op. A domain refusal is a dead letter (refuseAsPermanent).
 */
@Injectable()
export class UpstreamOrderConsumer {
  constructor(private readonly useCases: SalesOrderUseCases) {}

  @OnEvent(upstreamOrderSubmitted)
  async onSubmitted(event: Envelope<typeof upstreamOrderSubmitted>, tx: EntityManager): Promise<void> {
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

  @OnEvent(upstreamOrderConfirmRequested)
  async onConfirmRequested(event: Envelope<typeof upstreamOrderConfirmRequested>, tx: EntityManager): Promise<void> {
    await refuseAsPermanent(() => this.useCases.confirm(tx, { orderRef: event.payload.orderRef }, { causedBy: event }));
  }

  @OnEvent(upstreamOrderLineQuantityChanged)
  async onLineQuantityChanged(event: Envelope<typeof upstreamOrderLineQuantityChanged>, tx: EntityManager): Promise<void> {
    const p = event.payload;
    await refuseAsPermanent(() => this.useCases.changeLineQuantity(tx, { orderRef: p.orderRef }, { lineRef: p.lineRef }, dec(p.quantity), { causedBy: event }));
  }

  @OnEvent(upstreamOrderCancelRequested)
  async onCancelRequested(event: Envelope<typeof upstreamOrderCancelRequested>, tx: EntityManager): Promise<void> {
    await refuseAsPermanent(() => this.useCases.cancel(tx, { orderRef: event.payload.orderRef }, event.payload.reason ?? null, { causedBy: event }));
  }
}
