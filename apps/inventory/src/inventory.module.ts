import { Module } from '@nestjs/common';
import { BatchScope } from './application/batch-scope.js';
import { InventoryMetrics } from './application/inventory-metrics.js';
import { StockService } from './application/stock.service.js';
import { LocationRepository } from './data-access/location.repository.js';
import { ProductRepository } from './data-access/product.repository.js';
import { StockQueryRepository } from './data-access/stock-query.repository.js';
import { StockRepository } from './data-access/stock.repository.js';
import { WarehouseRepository } from './data-access/warehouse.repository.js';
import { StockController } from './entry-points/http/stock.controller.js';
import { WarehousesController } from './entry-points/http/warehouses.controller.js';
import { InventoryHandlers } from './entry-points/messaging/inventory.handlers.js';

@Module({
  controllers: [WarehousesController, StockController],
  providers: [
    ProductRepository, LocationRepository, WarehouseRepository, StockRepository, StockQueryRepository,
    InventoryMetrics, StockService, BatchScope, InventoryHandlers,
  ],
})
export class InventoryModule {}
