import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { warehouseCreated, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { OnEvent, PermanentError } from '@replenish/messaging';
import { assertTimeZone } from '../../shared/domain.js';
import { CatalogRepository } from '../data-access/catalog.repository.js';

/**
 * inventory.warehouses: inventory owns warehouses and announces each one; planning keeps a copy (name, time zone)
 * beside its own lead days, and accepts rules and settings only for warehouses it has learnt (decision inventory-002).
 * A redelivery writes the same values again (and the inbox skips it anyway).
 */
@Injectable()
export class WarehouseConsumer {
  constructor(private readonly repo: CatalogRepository) {}

  @OnEvent(warehouseCreated)
  async onWarehouseCreated(event: EventEnvelope<PayloadOf<typeof warehouseCreated>>, tx: EntityManager): Promise<void> {
    const { warehouseId, name, timeZone } = event.payload;
    try {
      assertTimeZone(timeZone);
    } catch {
      throw new PermanentError(`warehouse ${warehouseId}: timeZone "${timeZone}" is not an IANA time zone`);
    }
    await this.repo.learnWarehouse(tx, { warehouseId, name, timeZone });
  }
}
