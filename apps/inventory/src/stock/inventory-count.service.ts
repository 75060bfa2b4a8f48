import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ProductRepository, toStockQuantity } from '../products/index.js';
import { InventoryInputError } from '../shared/errors.js';
import { Decimal } from '../shared/quantities.js';
import { LocationRepository, VIRTUAL_LOCATIONS } from '../warehouses/index.js';
import { StockRepository, type LedgerMove } from './data-access/stock.repository.js';
import { StockService } from './stock.service.js';

/** What a count found: on hand before it, the count in the stock UoM, and the adjustment move booked (null when nothing differed). */
export interface CountResult {
  productId: string;
  location: string;
  uom: string;
  before: string;
  counted: string;
  difference: string;
  moveId: string | null;
}

/** An inventory count: books the difference from/to virtual/inventory-adjustment and republishes the position. */
@Injectable()
export class InventoryCountService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly products: ProductRepository,
    private readonly locations: LocationRepository,
    private readonly stockRepo: StockRepository,
    private readonly stock: StockService,
  ) {}

  async count(input: { productId: string; location: string; countedQuantity: string; uom: string }): Promise<CountResult> {
    return this.dataSource.transaction(async (tx) => {
      const product = await this.products.get(tx, input.productId);
      if (!product) throw new InventoryInputError('UNKNOWN_PRODUCT', 'productId', `unknown product ${input.productId}`);
      const locs = await this.locations.resolve(tx, [input.location, VIRTUAL_LOCATIONS.inventoryAdjustment]);
      const location = locs.get(input.location);
      if (!location) throw new InventoryInputError('UNKNOWN_LOCATION', 'location', `unknown location ${input.location}`);
      if (location.kind !== 'internal') throw new InventoryInputError('INVALID_MOVE', 'location', `${input.location} is a ${location.kind} location: only warehouse locations are counted`);
      const adjustment = locs.get(VIRTUAL_LOCATIONS.inventoryAdjustment);
      if (!adjustment) throw new Error(`${VIRTUAL_LOCATIONS.inventoryAdjustment} is missing`);
      const counted = toStockQuantity(product, input.countedQuantity, input.uom, 'countedQuantity', true);
      const before = new Decimal(await this.stockRepo.onHandForUpdate(tx, input.productId, location.id));
      const difference = counted.minus(before);
      const result = { productId: input.productId, location: input.location, uom: product.stockUom.code, before: before.toString(), counted: counted.toString(), difference: difference.toString(), moveId: null };
      if (difference.isZero()) return result;
      const move: LedgerMove = {
        moveId: `count-${randomUUID()}`, kind: 'adjustment', productId: input.productId, quantity: difference.abs(),
        from: difference.isPositive() ? adjustment : location, to: difference.isPositive() ? location : adjustment,
        uom: product.stockUom.code, originalQuantity: difference.abs().toString(), originalUom: product.stockUom.code, doneAt: new Date().toISOString(), eventId: null,
      };
      await this.stock.book(tx, [move]);
      return { ...result, moveId: move.moveId };
    });
  }
}
