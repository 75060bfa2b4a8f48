import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { UomWire } from '../domain/quantities.js';

/** The PostgreSQL schema inventory owns. Raw SQL qualifies every table with it. */
export const SCHEMA = 'inventory';

@Entity({ schema: SCHEMA, name: 'products' })
export class ProductEntity {
  @PrimaryColumn({ name: 'product_id', type: 'varchar', length: 100 }) productId!: string;
  @Column({ type: 'varchar', length: 100 }) sku!: string;
  @Column({ type: 'varchar', length: 300 }) name!: string;
  @Column({ name: 'stock_uom', type: 'jsonb' }) stockUom!: UomWire;
  @Column({ type: 'jsonb' }) uoms!: UomWire[];
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ schema: SCHEMA, name: 'warehouses' })
export class WarehouseEntity {
  @PrimaryColumn({ name: 'warehouse_id', type: 'varchar', length: 100 }) warehouseId!: string;
  @Column({ type: 'varchar', length: 20, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ name: 'time_zone', type: 'varchar', length: 64 }) timeZone!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity({ schema: SCHEMA, name: 'locations' })
export class LocationEntity {
  @PrimaryGeneratedColumn({ name: 'location_id' }) locationId!: number;
  @Column({ type: 'varchar', length: 300, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ name: 'parent_id', type: 'int', nullable: true }) parentId!: number | null;
  @Column({ name: 'warehouse_id', type: 'varchar', length: 100, nullable: true }) warehouseId!: string | null;
  @Column({ type: 'varchar', length: 16 }) kind!: 'view' | 'internal' | 'virtual';
  @Column({ name: 'is_stock', type: 'boolean' }) isStock!: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity({ schema: SCHEMA, name: 'on_hand' })
export class OnHandEntity {
  @PrimaryColumn({ name: 'product_id', type: 'varchar', length: 100 }) productId!: string;
  @PrimaryColumn({ name: 'location_id', type: 'int' }) locationId!: number;
  @Column({ type: 'numeric' }) quantity!: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ schema: SCHEMA, name: 'stock_moves' })
@Index('stock_moves_product_seq', ['productId', 'seq'])
export class StockMoveEntity {
  @PrimaryColumn({ name: 'move_id', type: 'varchar', length: 100 }) moveId!: string;
  @Column({ type: 'bigint', generated: 'increment' }) seq!: string;
  @Column({ type: 'varchar', length: 20 }) kind!: string;
  @Column({ name: 'product_id', type: 'varchar', length: 100 }) productId!: string;
  @Column({ type: 'numeric' }) quantity!: string;
  @Column({ type: 'varchar', length: 20 }) uom!: string;
  @Column({ name: 'original_quantity', type: 'numeric' }) originalQuantity!: string;
  @Column({ name: 'original_uom', type: 'varchar', length: 20 }) originalUom!: string;
  @Column({ name: 'from_location_id', type: 'int' }) fromLocationId!: number;
  @Column({ name: 'to_location_id', type: 'int' }) toLocationId!: number;
  @Column({ name: 'from_warehouse_id', type: 'varchar', length: 100, nullable: true }) fromWarehouseId!: string | null;
  @Column({ name: 'to_warehouse_id', type: 'varchar', length: 100, nullable: true }) toWarehouseId!: string | null;
  @Column({ name: 'done_at', type: 'timestamptz' }) doneAt!: Date;
  @Column({ name: 'reference_type', type: 'varchar', length: 20, nullable: true }) referenceType!: string | null;
  @Column({ name: 'reference_id', type: 'varchar', length: 100, nullable: true }) referenceId!: string | null;
  @Column({ name: 'event_id', type: 'varchar', length: 100, nullable: true }) eventId!: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
}

@Entity({ schema: SCHEMA, name: 'planned_moves' })
@Unique('planned_moves_ref', ['referenceType', 'referenceId', 'productId', 'warehouseId', 'direction'])
export class PlannedMoveEntity {
  @PrimaryGeneratedColumn({ name: 'planned_move_id', type: 'bigint' }) plannedMoveId!: string;
  @Column({ name: 'reference_type', type: 'varchar', length: 20 }) referenceType!: string;
  @Column({ name: 'reference_id', type: 'varchar', length: 100 }) referenceId!: string;
  @Column({ name: 'product_id', type: 'varchar', length: 100 }) productId!: string;
  @Column({ name: 'warehouse_id', type: 'varchar', length: 100 }) warehouseId!: string;
  @Column({ type: 'varchar', length: 3 }) direction!: 'in' | 'out';
  @Column({ name: 'planned_date', type: 'date', nullable: true }) plannedDate!: string | null;
  @Column({ name: 'planned_quantity', type: 'numeric', nullable: true }) plannedQuantity!: string | null;
  @Column({ name: 'done_quantity', type: 'numeric' }) doneQuantity!: string;
  @Column({ type: 'varchar', length: 12 }) state!: 'open' | 'cancelled';
  @Column({ name: 'sales_order_id', type: 'varchar', length: 100, nullable: true }) salesOrderId!: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ schema: SCHEMA, name: 'positions' })
export class PositionEntity {
  @PrimaryColumn({ name: 'product_id', type: 'varchar', length: 100 }) productId!: string;
  @PrimaryColumn({ name: 'warehouse_id', type: 'varchar', length: 100 }) warehouseId!: string;
  @Column({ name: 'on_hand', type: 'numeric' }) onHand!: string;
  @Column({ type: 'bigint' }) sequence!: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

export const inventoryEntities = [ProductEntity, WarehouseEntity, LocationEntity, OnHandEntity, StockMoveEntity, PlannedMoveEntity, PositionEntity];
