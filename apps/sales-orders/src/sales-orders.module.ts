import { Module } from '@nestjs/common';
import { IdempotentTransaction } from './application/idempotent-transaction.js';
import { SalesOrderUseCases } from './application/sales-orders.use-cases.js';
import { IdempotencyKeyRetention } from './data-access/idempotency-key-retention.js';
import { ProductRepository, SalesOrderRepository } from './data-access/sales-order.repository.js';
import { SalesOrdersController } from './entry-points/http/sales-orders.controller.js';
import { DeliveriesHandler, ProductsHandler, UpstreamOrdersHandler } from './entry-points/messaging/upstream-orders.handler.js';

/** The sales-orders feature: REST controller, Kafka handlers and the use cases both call. */
@Module({
  controllers: [SalesOrdersController],
  providers: [SalesOrderRepository, ProductRepository, SalesOrderUseCases, IdempotentTransaction, IdempotencyKeyRetention, UpstreamOrdersHandler, ProductsHandler, DeliveriesHandler],
})
export class SalesOrdersModule {}
