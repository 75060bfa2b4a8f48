import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { warehouseCreated, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { MessagingContext } from '@replenish/messaging';
import { WarehouseRepository } from '../data-access/warehouse.repository.js';

/**
 * inventory.warehouses: inventory owns warehouses and announces each one; sales-orders keeps their ids so that an
 * order line naming a warehouse inventory never created is refused (decision inventory-002).
 */
@Controller()
export class WarehouseConsumer {
  constructor(private readonly warehouses: WarehouseRepository) {}

  @EventPattern<string>(warehouseCreated.type)
  async onWarehouseCreated(@Payload() event: EventEnvelope<PayloadOf<typeof warehouseCreated>>, @Ctx() ctx: MessagingContext): Promise<void> {
    const { warehouseId, name } = event.payload;
    await this.warehouses.learn(ctx.getManager(), { warehouseId, name });
  }
}
