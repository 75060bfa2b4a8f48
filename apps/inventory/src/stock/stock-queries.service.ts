import { Injectable } from '@nestjs/common';
import { notFound, readSnapshot } from '@replenish/service-kit';
import { DataSource } from 'typeorm';
import { ProductRepository, knownProduct } from '../products/index.js';
import { Decimal } from '../shared/quantities.js';
import { LocationRepository, WarehouseRepository, knownWarehouse } from '../warehouses/index.js';
import { StockQueryRepository, type MoveRecord, type OnHandLine } from './data-access/stock-query.repository.js';

/** On hand of a product: the sum over the stock locations listed, and each line. */
export interface OnHand {
  productId: string;
  warehouseId: string | null;
  location: string | null;
  uom: string;
  onHand: Decimal;
  lines: OnHandLine[];
}

/** The read side of the stock: on hand per location and the move history. */
@Injectable()
export class StockQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly products: ProductRepository,
    private readonly locations: LocationRepository,
    private readonly warehouses: WarehouseRepository,
    private readonly query: StockQueryRepository,
  ) {}

  /** On hand of a product per location, filtered by warehouse (its stock) and/or location (and below). */
  async onHand(q: { productId: string; warehouseId?: string; location?: string }): Promise<OnHand> {
    return readSnapshot(this.dataSource, async (tx) => {
      const product = await knownProduct(this.products, tx, q.productId);
      if (q.warehouseId) await knownWarehouse(this.warehouses, tx, q.warehouseId);
      if (q.location && !(await this.locations.get(tx, q.location))) throw notFound('location', `unknown location ${q.location}`);
      const lines = await this.query.onHand(tx, q.productId, q);
      const total = lines.filter((l) => l.isStock).reduce((s, l) => s.plus(l.quantity), new Decimal(0));
      return { productId: q.productId, warehouseId: q.warehouseId ?? null, location: q.location ?? null, uom: product.stockUom.code, onHand: total, lines };
    });
  }

  /** A page of the move history (one more row than asked: whether a next page exists). */
  async moves(q: { productId?: string; warehouseId?: string; limit: number; offset: number; order: 'asc' | 'desc' }): Promise<{ items: MoveRecord[]; nextOffset: number | null }> {
    if (q.warehouseId) await knownWarehouse(this.warehouses, this.dataSource.manager, q.warehouseId);
    const rows = await this.query.moves(this.dataSource.manager, { ...q, limit: q.limit + 1 });
    return { items: rows.slice(0, q.limit), nextOffset: rows.length > q.limit ? q.offset + q.limit : null };
  }
}
