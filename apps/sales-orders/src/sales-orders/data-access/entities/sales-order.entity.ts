import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const SCHEMA = 'sales_orders';

@Entity({ schema: SCHEMA, name: 'sales_order' })
export class SalesOrderEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'order_ref', type: 'varchar', length: 100 })
  orderRef!: string;

  @Column({ name: 'customer_id', type: 'varchar', length: 100, nullable: true })
  customerId!: string | null;

  @Column({ type: 'varchar', length: 20 })
  status!: string;

  /** Optimistic concurrency: every UPDATE is made `WHERE version = <read version>` and bumps it. */
  @VersionColumn()
  version!: number;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason!: string | null;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ schema: SCHEMA, name: 'sales_order_line' })
export class SalesOrderLineEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @Column({ type: 'int' })
  position!: number;

  @Column({ name: 'line_ref', type: 'varchar', length: 100 })
  lineRef!: string;

  @Column({ name: 'product_id', type: 'varchar', length: 100 })
  productId!: string;

  @Column({ name: 'warehouse_id', type: 'varchar', length: 100 })
  warehouseId!: string;

  /** numeric: pg hands it over as a string, never a JS number. */
  @Column({ type: 'numeric' })
  quantity!: string;

  @Column({ type: 'varchar', length: 20 })
  uom!: string;

  @Column({ type: 'varchar', length: 10 })
  route!: string;

  @Column({ name: 'requested_date', type: 'date' })
  requestedDate!: string;

  @Column({ name: 'commitment_date', type: 'date', nullable: true })
  commitmentDate!: string | null;

  @Column({ name: 'delivered_quantity', type: 'numeric', default: 0 })
  deliveredQuantity!: string;
}
