import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './sales-order.entity.js';

/**
 * A REST request's Idempotency-Key with the answer it got, written in the same transaction as the request's
 * effect (docs/decisions/sales-orders-rest-idempotency.md).
 */
@Entity({ schema: SCHEMA, name: 'idempotency_key' })
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  /** sha256 of the operation, its path parameters and its body: the same key for another request is refused. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint!: string;

  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  response!: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
