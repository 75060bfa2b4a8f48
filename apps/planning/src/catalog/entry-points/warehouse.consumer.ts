import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { warehouseCreated, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { MessagingContext, PermanentError } from '@replenish/messaging';
import { assertTimeZone } from '../../shared/domain.js';
import { CatalogRepository } from '../data-access/catalog.repository.js';

/**
 * inventory.warehouses: inventory owns warehouses and announces each one; planning keeps a copy (name, time zone)
 * beside its own lead days, and accepts rules and settings only for warehouses it has learnt (decision inventory-002).
 * A redelivery writes the same values again (and the inbox skips it anyway).
 */
@Controller()
export class WarehouseConsumer {
  constructor(private readonly repo: CatalogRepository) {}

  @EventPattern<string>(warehouseCreated.type)
  async onWarehouseCreated(@Payload() event: EventEnvelope<PayloadOf<typeof warehouseCreated>>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    const { warehouseId, name, timeZone } = event.payload;
    try {
      assertTimeZone(timeZone);
    } catch {
      throw new PermanentError(`warehouse ${warehouseId}: timeZone "${timeZone}" is not an IANA time zone`);
    }
    await this.repo.learnWarehouse(tx, { warehouseId, name, timeZone });
  }
}
