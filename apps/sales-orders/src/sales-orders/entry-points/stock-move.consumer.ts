import { Injectable } from '@nestjs/common';
import { stockMoveDone, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { dec } from '@replenish/domain';
import { OnEvent } from '@replenish/messaging';
import type { EntityManager } from 'typeorm';
import { SalesOrderUseCases } from '../sales-orders.use-cases.js';
import { refuseAsPermanent } from './refuse-as-permanent.js';

type Envelope<D> = EventEnvelope<PayloadOf<D>>;

const CUSTOMER_LOCATION = 'virtual/customer';

/**
 * Delivery feedback (warehouse.stock-moves): a done move referencing one of our lines and going to the
 * customer adds to the line's delivered quantity; one coming back from the customer (a return) takes off
 * it. Moves of other kinds, or referencing lines that are not ours, are not our business.
 */
@Injectable()
export class StockMoveConsumer {
  constructor(private readonly useCases: SalesOrderUseCases) {}

  // Only moves of a sales line: the warehouse's other moves (most of them) cost no transaction here.
  @OnEvent(stockMoveDone, { when: (e) => (e as Envelope<typeof stockMoveDone>).payload.reference?.type === 'sales-order-line' })
  async onStockMoveDone(event: Envelope<typeof stockMoveDone>, tx: EntityManager): Promise<void> {
    const p = event.payload;
    const direction = p.toLocation === CUSTOMER_LOCATION ? 1 : p.fromLocation === CUSTOMER_LOCATION ? -1 : 0;
    if (direction === 0) return;
    await refuseAsPermanent(() =>
      this.useCases.recordDelivery(tx, { lineId: p.reference!.id, quantity: dec(p.quantity), uom: p.uom, direction }, { causedBy: event }),
    );
  }
}
