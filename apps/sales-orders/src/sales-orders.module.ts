import { Module } from '@nestjs/common';
import { IdempotencyKeyRetention } from './sales-orders/data-access/idempotency-key-retention.js';
import { ProductRepository, SalesOrderRepository } from './sales-orders/data-access/sales-order.repository.js';
import { WarehouseRepository } from './sales-orders/data-access/warehouse.repository.js';
import { ProductConsumer } from './sales-orders/entry-points/product.consumer.js';
import { SalesOrdersController } from './sales-orders/entry-points/sales-orders.controller.js';
import { StockMoveConsumer } from './sales-orders/entry-points/stock-move.consumer.js';
import { UpstreamOrderConsumer } from './sales-orders/entry-points/upstream-order.consumer.js';
import { WarehouseConsumer } from './sales-orders/entry-points/warehouse.consumer.js';
import { IdempotentTransaction } from './sales-orders/idempotent-transaction.js';
import { SalesOrderUseCases } from './sales-orders/sales-orders.use-cases.js';

/** The sales-orders feature: REST controller, Kafka consumers and the use cases both call. */
@Module({
  // The consumers' @EventPattern handlers run on the messaging transport.
  controllers: [SalesOrdersController, UpstreamOrderConsumer, ProductConsumer, StockMoveConsumer, WarehouseConsumer],
  providers: [SalesOrderRepository, ProductRepository, WarehouseRepository, SalesOrderUseCases, IdempotentTransaction, IdempotencyKeyRetention],
})
export class SalesOrdersModule {}
