import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { demandForecastChanged, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { MessagingContext } from '@replenish/messaging';
import { serializeWrites } from '../../shared/db.js';
import { MpsService } from '../mps.service.js';

/**
 * forecasting.demand-forecasts: an upstream forecasting system's forecasts replace the columns they fall in, and the
 * rows they reach are re-computed, in the inbox's exactly-once transaction. A product-site outside the schedule is
 * skipped; an event whose summed column passes the quantity bound is the event's fault (dead-lettered, messaging-010).
 */
@Controller()
export class ForecastConsumer {
  private readonly log = new Logger(ForecastConsumer.name);

  constructor(private readonly mps: MpsService) {}

  @EventPattern<string>(demandForecastChanged.type)
  async onForecast(@Payload() event: EventEnvelope<PayloadOf<typeof demandForecastChanged>>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    await serializeWrites(tx);
    const { productId, warehouseId, periods } = event.payload;
    if (!(await this.mps.applyForecast(tx, productId, warehouseId, periods))) {
      this.log.log({ productId, warehouseId, eventId: event.id }, 'forecast skipped: the product-site is not in the master production schedule');
    }
  }
}
