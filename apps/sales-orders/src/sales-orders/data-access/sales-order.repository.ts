import { Injectable } from '@nestjs/common';
import { dec } from '@replenish/domain';
import { isUuid } from '@replenish/contracts';
import { PG_UNIQUE_VIOLATION, pgCode } from '@replenish/service-kit';
import { In, type EntityManager } from 'typeorm';
import { ConcurrentModificationError } from '../errors.js';
import type { ProductSnapshot } from '../product-rules.js';
import type { OrderLine, OrderStatus, Route, SalesOrder } from '../sales-order.js';
import { ProductEntity } from './entities/product.entity.js';
import { SalesOrderEntity, SalesOrderLineEntity } from './entities/sales-order.entity.js';

/** Loads and stores whole sales orders (order + lines) inside the caller's transaction. */
@Injectable()
export class SalesOrderRepository {
  async findById(tx: EntityManager, id: string): Promise<SalesOrder | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await tx.findOne(SalesOrderEntity, { where: { id } });
    return row ? this.withLines(tx, row) : undefined;
  }

  async findByRef(tx: EntityManager, orderRef: string): Promise<SalesOrder | undefined> {
    const row = await tx.findOne(SalesOrderEntity, { where: { orderRef } });
    return row ? this.withLines(tx, row) : undefined;
  }

  /** The order a line belongs to. */
  async findByLineId(tx: EntityManager, lineId: string): Promise<SalesOrder | undefined> {
    if (!isUuid(lineId)) return undefined;
    const line = await tx.findOne(SalesOrderLineEntity, { where: { id: lineId } });
    return line ? this.findById(tx, line.orderId) : undefined;
  }

  async list(tx: EntityManager, status: OrderStatus | undefined, page: number, pageSize: number): Promise<{ items: SalesOrder[]; total: number }> {
    const [rows, total] = await tx.findAndCount(SalesOrderEntity, {
      where: status ? { status } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const lines = rows.length ? await tx.find(SalesOrderLineEntity, { where: { orderId: In(rows.map((r) => r.id)) }, order: { position: 'ASC' } }) : [];
    return { items: rows.map((r) => toOrder(r, lines.filter((l) => l.orderId === r.id))), total };
  }

  /**
   * Stores the order. A new one (version 0) is inserted; an existing one is updated only if nobody changed
   * it since it was read (`WHERE version = <read version>`), else ConcurrentModificationError. Returns the
   * order with its new version.
   */
  async save(tx: EntityManager, order: SalesOrder): Promise<SalesOrder> {
    const header = {
      orderRef: order.orderRef,
      customerId: order.customerId,
      status: order.status,
      confirmedAt: order.confirmedAt ? new Date(order.confirmedAt) : null,
      cancelledAt: order.cancelledAt ? new Date(order.cancelledAt) : null,
      cancelReason: order.cancelReason,
      doneAt: order.doneAt ? new Date(order.doneAt) : null,
    };
    let version: number;
    if (order.version === 0) {
      try {
        // A savepoint, so that a lost race on the order reference leaves the caller's transaction usable.
        await tx.transaction(async (sp) => {
          await sp.createQueryBuilder().insert().into(SalesOrderEntity).values({ id: order.id, ...header, version: 1 }).execute();
        });
      } catch (e) {
        if (pgCode(e) === PG_UNIQUE_VIOLATION) {
          throw new ConcurrentModificationError(`sales order ${order.orderRef} was created concurrently`);
        }
        throw e;
      }
      version = 1;
    } else {
      const result = await tx
        .createQueryBuilder()
        .update(SalesOrderEntity)
        .set(header)
        .where('id = :id AND version = :version', { id: order.id, version: order.version })
        .execute();
      if (!result.affected) {
        throw new ConcurrentModificationError(`sales order ${order.orderRef} was changed concurrently (expected version ${order.version})`);
      }
      version = order.version + 1;
    }
    const keep = order.lines.map((l) => l.id);
    const del = tx.createQueryBuilder().delete().from(SalesOrderLineEntity).where('order_id = :orderId', { orderId: order.id });
    if (keep.length) del.andWhere('id NOT IN (:...keep)', { keep });
    await del.execute();
    if (order.lines.length) {
      await tx
        .createQueryBuilder()
        .insert()
        .into(SalesOrderLineEntity)
        .values(order.lines.map((l, position) => fromLine(order.id, position, l)))
        .orUpdate(
          ['position', 'line_ref', 'product_id', 'warehouse_id', 'quantity', 'uom', 'route', 'requested_date', 'commitment_date', 'delivered_quantity'],
          ['id'],
        )
        .execute();
    }
    return { ...order, version };
  }

  private async withLines(tx: EntityManager, row: SalesOrderEntity): Promise<SalesOrder> {
    const lines = await tx.find(SalesOrderLineEntity, { where: { orderId: row.id }, order: { position: 'ASC' } });
    return toOrder(row, lines);
  }
}

@Injectable()
export class ProductRepository {
  async findMany(tx: EntityManager, productIds: string[]): Promise<Map<string, ProductSnapshot>> {
    const unique = [...new Set(productIds)];
    const rows = unique.length ? await tx.find(ProductEntity, { where: { productId: In(unique) } }) : [];
    return new Map(rows.map((r) => [r.productId, { productId: r.productId, active: r.active, stockUom: r.stockUom, uoms: r.uoms }]));
  }

  async upsert(tx: EntityManager, p: Omit<ProductEntity, 'updatedAt'>): Promise<void> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(ProductEntity)
      .values(p)
      .orUpdate(['sku', 'name', 'active', 'stock_uom', 'uoms', 'routes', 'updated_at'], ['product_id'])
      .execute();
  }
}

function toOrder(row: SalesOrderEntity, lines: SalesOrderLineEntity[]): SalesOrder {
  return {
    id: row.id,
    orderRef: row.orderRef,
    customerId: row.customerId,
    status: row.status as OrderStatus,
    version: row.version,
    confirmedAt: row.confirmedAt ? row.confirmedAt.toISOString() : null,
    cancelledAt: row.cancelledAt ? row.cancelledAt.toISOString() : null,
    cancelReason: row.cancelReason,
    doneAt: row.doneAt ? row.doneAt.toISOString() : null,
    lines: lines.map(toLine),
  };
}

function toLine(l: SalesOrderLineEntity): OrderLine {
  return {
    id: l.id,
    lineRef: l.lineRef,
    productId: l.productId,
    warehouseId: l.warehouseId,
    quantity: dec(l.quantity),
    uom: l.uom,
    route: l.route as Route,
    requestedDate: l.requestedDate,
    commitmentDate: l.commitmentDate,
    deliveredQuantity: dec(l.deliveredQuantity),
  };
}

function fromLine(orderId: string, position: number, l: OrderLine): Partial<SalesOrderLineEntity> {
  return {
    id: l.id,
    orderId,
    position,
    lineRef: l.lineRef,
    productId: l.productId,
    warehouseId: l.warehouseId,
    quantity: l.quantity.toString(),
    uom: l.uom,
    route: l.route,
    requestedDate: l.requestedDate,
    commitmentDate: l.commitmentDate,
    deliveredQuantity: l.deliveredQuantity.toString(),
  };
}
