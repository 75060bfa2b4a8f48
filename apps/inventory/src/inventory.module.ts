import { Module } from '@nestjs/common';
import { PlannedMoveBatchController } from './external-supply/entry-points/planned-move-batch.controller.js';
import { PlannedMoveBatchService } from './external-supply/planned-move-batch.service.js';
import { PlacedOrderConsumer } from './external-supply/entry-points/placed-order.consumer.js';
import { PlannedMoveConsumer } from './external-supply/entry-points/planned-move.consumer.js';
import { ExternalSupplyService } from './external-supply/external-supply.service.js';
import { ForecastController } from './forecast/entry-points/forecast.controller.js';
import { ForecastService } from './forecast/forecast.service.js';
import { PlannedMoveRepository } from './planned-moves/data-access/planned-move.repository.js';
import { SupplyRepository } from './planned-moves/data-access/supply.repository.js';
import { SupplyExceptionsController } from './planned-moves/entry-points/supply-exceptions.controller.js';
import { LateSupply } from './planned-moves/late-supply.service.js';
import { DraftOrderConsumer } from './planned-moves/entry-points/draft-order.consumer.js';
import { SalesOrderConsumer } from './planned-moves/entry-points/sales-order.consumer.js';
import { PlannedMovesService } from './planned-moves/planned-moves.service.js';
import { ProductRepository } from './products/data-access/product.repository.js';
import { ProductConsumer } from './products/entry-points/product.consumer.js';
import { BatchScope } from './stock/batch-scope.js';
import { StockQueryRepository } from './stock/data-access/stock-query.repository.js';
import { PlannedReferenceRepository } from './stock/data-access/planned-reference.repository.js';
import { StockRepository } from './stock/data-access/stock.repository.js';
import { MoveBatchController } from './stock/entry-points/move-batch.controller.js';
import { StockMoveConsumer } from './stock/entry-points/stock-move.consumer.js';
import { StockController } from './stock/entry-points/stock.controller.js';
import { InventoryCountService } from './stock/inventory-count.service.js';
import { InventoryMetrics } from './stock/inventory-metrics.js';
import { MoveBatchService } from './stock/move-batch.service.js';
import { MoveEntryService } from './stock/move-entry.service.js';
import { StockQueries } from './stock/stock-queries.service.js';
import { StockService } from './stock/stock.service.js';
import { LocationRepository } from './warehouses/data-access/location.repository.js';
import { WarehouseRepository } from './warehouses/data-access/warehouse.repository.js';
import { WarehousesController } from './warehouses/entry-points/warehouses.controller.js';
import { WarehouseService } from './warehouses/warehouse.service.js';

/** One module, as planning's: the folders keep the features apart (decision 0008). */
@Module({
  controllers: [
    WarehousesController, StockController, MoveBatchController, ForecastController, PlannedMoveBatchController, SupplyExceptionsController,
    // Consumers: their @EventPattern handlers (the messaging transport).
    ProductConsumer, StockMoveConsumer, SalesOrderConsumer, DraftOrderConsumer,
    PlannedMoveConsumer, PlacedOrderConsumer,
  ],
  providers: [
    ProductRepository,
    LocationRepository, WarehouseRepository, WarehouseService,
    StockRepository, StockQueryRepository, InventoryMetrics, StockService, BatchScope, StockQueries, InventoryCountService, MoveEntryService, MoveBatchService,
    PlannedMoveRepository, PlannedMovesService,
    PlannedReferenceRepository, ExternalSupplyService, PlannedMoveBatchService, SupplyRepository, LateSupply,
    ForecastService,
  ],
})
export class InventoryModule {}
