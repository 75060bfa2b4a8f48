import { Injectable } from '@nestjs/common';
import { productWarehouseKey } from '@replenish/contracts';
import { addDays, localDate } from '@replenish/domain';
import { badRequest, readSnapshot } from '@replenish/service-kit';
import { DataSource } from 'typeorm';
import { SupplyRepository } from '../planned-moves/index.js';
import { ProductRepository, knownProduct } from '../products/index.js';
import { StockQueryRepository, StockRepository, buildPosition, forecastDays } from '../stock/index.js';
import { WarehouseRepository, knownWarehouse } from '../warehouses/index.js';

/**
 * The forecast profile of a product in a warehouse: on hand, remaining incoming and outgoing, forecast at the end of each date,
 * and the planned moves they are made of.
 */
@Injectable()
export class ForecastService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly products: ProductRepository,
    private readonly warehouses: WarehouseRepository,
    private readonly query: StockQueryRepository,
    private readonly stock: StockRepository,
    private readonly supply: SupplyRepository,
  ) {}

  /** From `from` (default today in the warehouse's time zone) to `to` (default from + 90 days). */
  async profile(q: { productId: string; warehouseId: string; from?: string; to?: string }) {
    // On hand and the planned moves from one snapshot: a receipt done in between would count twice, or not at all.
    return readSnapshot(this.dataSource, async (tx) => {
      const product = await knownProduct(this.products, tx, q.productId);
      const warehouse = await knownWarehouse(this.warehouses, tx, q.warehouseId);
      const from = q.from ?? localDate(new Date(), warehouse.timeZone);
      const to = q.to ?? addDays(from, 90);
      if (to < from) throw badRequest('to', `to (${to}) must not be before from (${from})`);
      const position = await this.query.position(tx, q.productId, q.warehouseId);
      const planned = await this.stock.plannedOf(tx, [{ productId: q.productId, warehouseId: q.warehouseId }]);
      const built = buildPosition(position?.onHand ?? '0', planned.get(productWarehouseKey(q.productId, q.warehouseId)) ?? []);
      return {
        productId: q.productId, warehouseId: q.warehouseId, uom: product.stockUom.code, from, to, sequence: position?.sequence ?? 0,
        ...built, days: forecastDays(built, from, to),
        // What the incoming and outgoing are made of, each with its reference and source system (decision inventory-004).
        plannedMoves: await this.supply.supplyOf(tx, q.productId, q.warehouseId),
      };
    });
  }
}
