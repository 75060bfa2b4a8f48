import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { UomWire } from '@replenish/contracts';
import { SCHEMA } from './sales-order.entity.js';

/** Local copy of the product master data (product.upserted on catalog.products): last write wins. */
@Entity({ schema: SCHEMA, name: 'product' })
export class ProductEntity {
  @PrimaryColumn({ name: 'product_id', type: 'varchar', length: 100 })
  productId!: string;

  @Column({ type: 'varchar', length: 100 })
  sku!: string;

  @Column({ type: 'varchar', length: 300 })
  name!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'stock_uom', type: 'jsonb' })
  stockUom!: UomWire;

  @Column({ type: 'jsonb' })
  uoms!: UomWire[];

  @Column({ type: 'jsonb' })
  routes!: string[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
