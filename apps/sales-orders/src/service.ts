import { DeadLettersModule, type ServiceDefinition } from '@replenish/service-kit';
import { IdempotencyKeyEntity } from './sales-orders/data-access/entities/idempotency-key.entity.js';
import { ProductEntity } from './sales-orders/data-access/entities/product.entity.js';
import { SalesOrderEntity, SalesOrderLineEntity } from './sales-orders/data-access/entities/sales-order.entity.js';
import { SalesOrdersInit1767200000000 } from './migrations/1767200000000-sales-orders-init.js';
import { SalesOrdersIdempotencyKeyAge1767200000001 } from './migrations/1767200000001-sales-orders-idempotency-key-age.js';
import { SalesOrdersWarehouses1767200000002 } from './migrations/1767200000002-sales-orders-warehouses.js';
import { salesOrderHttpErrors } from './sales-orders/entry-points/sales-order-http-errors.js';
import { SalesOrdersModule } from './sales-orders.module.js';
import { salesOrdersSettings } from './settings.js';

export const salesOrdersService: ServiceDefinition = {
  name: 'sales-orders',
  schema: 'sales_orders',
  defaultPort: 3001,
  entities: [SalesOrderEntity, SalesOrderLineEntity, ProductEntity, IdempotencyKeyEntity],
  migrations: [SalesOrdersInit1767200000000, SalesOrdersIdempotencyKeyAge1767200000001, SalesOrdersWarehouses1767200000002],
  settings: salesOrdersSettings,
  imports: [SalesOrdersModule, DeadLettersModule],
  httpErrors: salesOrderHttpErrors,
  description:
    'Sales orders from upstream order systems (Kafka upstream.orders and REST): draft -> confirmed -> done | cancelled. ' +
    'Publishes sales-order.confirmed / line-changed / cancelled on sales-orders.events. ' +
    'Order lines name warehouses learnt from inventory (inventory.warehouses).',
};
