import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import type { Cause } from '../shared/cause.js';
import { Decimal } from '../shared/quantities.js';
import type { LedgerMove } from './data-access/stock.repository.js';
import { StockService } from './stock.service.js';


interface PendingWork {
  moves: (LedgerMove & { causedBy?: Cause })[];
  startedAt?: number;
}

const TRACE = process.env.INVENTORY_TRACE_BATCHES === '1';

/**
 * Batch-level work for the consumer. The messaging library calls handlers one event at a time inside one
 * transaction per fetch (the batches of one topic handed over together, decision messaging-004); the move
 * consumer only validates and records the move here, and the booking is done once for the whole transaction
 * just before COMMIT (a TypeORM `beforeTransactionCommit` subscriber on the
 * same connection): one multi-row statement per table and one stock-position.changed per touched position.
 * A rolled-back transaction drops its pending work. Outside a transaction the work runs at once.
 */
@Injectable()
export class BatchScope implements EntitySubscriberInterface, OnModuleInit {
  private readonly pending = new WeakMap<QueryRunner, PendingWork>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly stock: StockService,
  ) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
  }

  /** Books a validated move with the rest of the batch. */
  async addMove(tx: EntityManager, move: LedgerMove, causedBy?: Cause): Promise<void> {
    const work = this.workOf(tx);
    if (work) work.moves.push({ ...move, causedBy });
    else await this.flush(tx, { moves: [{ ...move, causedBy }] });
  }

  /**
   * Republishes positions whose planned moves an order event changed, at once and caused by that event:
   * order events are few, and planning matches a position to the draft-order.confirmed that caused it.
   */
  async touch(tx: EntityManager, keys: readonly { productId: string; warehouseId: string }[], causedBy?: Cause): Promise<void> {
    await this.stock.publishPositions(tx, keys.map((k) => ({ productId: k.productId, warehouseId: k.warehouseId, delta: new Decimal(0), causedBy })));
  }

  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const qr = event.queryRunner;
    const work = this.pending.get(qr);
    if (!work || (qr as QueryRunner & { transactionDepth?: number }).transactionDepth !== 1) return;
    this.pending.delete(qr);
    await this.flush(qr.manager, work);
  }

  beforeTransactionRollback(event: TransactionRollbackEvent): void {
    if ((event.queryRunner as QueryRunner & { transactionDepth?: number }).transactionDepth === 1) this.pending.delete(event.queryRunner);
  }

  private workOf(tx: EntityManager): PendingWork | undefined {
    const qr = tx.queryRunner;
    if (!qr || !qr.isTransactionActive) return undefined;
    let work = this.pending.get(qr);
    if (!work) this.pending.set(qr, (work = { moves: [], startedAt: performance.now() }));
    return work;
  }

  private async flush(tx: EntityManager, work: PendingWork): Promise<void> {
    const t0 = performance.now();
    const { changes } = await this.stock.applyMoves(tx, work.moves);
    const t1 = performance.now();
    await this.stock.publishPositions(tx, changes);
    if (TRACE) process.stderr.write(`[trace] flush moves=${work.moves.length} positions=${changes.length} apply=${(t1 - t0).toFixed(1)}ms publish=${(performance.now() - t1).toFixed(1)}ms since-first=${(t0 - (work.startedAt ?? t0)).toFixed(1)}ms\n`);
  }
}
