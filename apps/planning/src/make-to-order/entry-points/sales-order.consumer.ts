import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { MessagingContext, type EventPatternExtras } from '@replenish/messaging';
import { salesOrderCancelled, salesOrderConfirmed, salesOrderLineChanged, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { PropagationWaves } from '../../reordering-rules/propagation-waves.js';
import { serializeWrites } from '../../shared/db.js';
import { PlanChanges } from '../../shared/plan-changes.js';
import { MpsLive } from '../../mps/index.js';
import { MtoService } from '../mto.service.js';

/**
 * sales-orders.events: make-to-order lines raise, top up or shrink drafts. The rules their new demand reaches, down
 * every level, are evaluated once the batch's orders are placed, in waves (PropagationWaves, planning-016 addendum).
 */
@Controller()
export class SalesOrderConsumer {
  constructor(
    private readonly mto: MtoService,
    private readonly waves: PropagationWaves,
    private readonly plans: PlanChanges,
    private readonly mps: MpsLive,
  ) {}

  /** A broker batch of confirmations at a time: their components and sources are evaluated once per batch. */
  @EventPattern<string>(salesOrderConfirmed.type, { batch: true } satisfies EventPatternExtras)
  async onConfirmed(@Payload() events: EventEnvelope<PayloadOf<typeof salesOrderConfirmed>>[], @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    await serializeWrites(tx);
    await this.waves.run(tx, async () => {
      for (const event of events) {
        const o = event.payload;
        for (const l of o.lines) {
          await this.mto.confirmLine(tx, { ...l, salesOrderId: o.salesOrderId, orderRef: o.orderRef }, l.quantity, event);
        }
      }
    });
    for (const e of events) await this.plans.salesLinesChanged(tx, e.payload, e.payload.lines, e); // MRP's net change (planning-021)
    for (const e of events) await this.mps.salesOrderChanged(tx, e); // the MPS's actual demand (planning-022)
  }

  @EventPattern<string>(salesOrderLineChanged.type)
  async onLineChanged(@Payload() event: EventEnvelope<PayloadOf<typeof salesOrderLineChanged>>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    await serializeWrites(tx);
    const l = event.payload;
    await this.waves.run(tx, () => this.mto.changeLine(tx, l, l.newQuantity, event));
    await this.plans.salesLinesChanged(tx, l, [{ ...l, quantity: l.newQuantity }], event); // MRP's net change (planning-021)
    await this.mps.salesOrderChanged(tx, event); // the MPS's actual demand (planning-022)
  }

  /** Like a decrease of every line down to what was already delivered; the lines are marked cancelled. */
  @EventPattern<string>(salesOrderCancelled.type)
  async onCancelled(@Payload() event: EventEnvelope<PayloadOf<typeof salesOrderCancelled>>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    await serializeWrites(tx);
    const o = event.payload;
    if (!o.wasConfirmed) return;
    for (const l of o.lines) {
      await this.mto.cancelLine(tx, { ...l, salesOrderId: o.salesOrderId, orderRef: o.orderRef }, l.deliveredQuantity, event);
    }
    await this.mps.salesOrderChanged(tx, event); // the MPS's actual demand (planning-022)
    await this.plans.salesLinesChanged(tx, o, o.lines.map((l) => ({ ...l, quantity: '0' })), event); // MRP's net change (planning-021)
  }
}
