import { ConflictException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Decimal } from '../shared/quantities.js';
import { StockQueryRepository, type MoveRecord } from './data-access/stock-query.repository.js';
import type { LedgerMove } from './data-access/stock.repository.js';
import { referenceIdOf } from './references.js';
import { StockService, type StockMovePayload } from './stock.service.js';

/** Whether a stored move is the one a repeated request describes (same moveId reused for another move: 409). */
export function sameMove(stored: MoveRecord, move: LedgerMove): boolean {
  return stored.kind === move.kind && stored.productId === move.productId && new Decimal(stored.quantity).equals(move.quantity)
    && stored.fromLocation === move.from.code && stored.toLocation === move.to.code
    && new Date(stored.doneAt).getTime() === new Date(move.doneAt).getTime()
    && (stored.reference?.type ?? null) === (move.reference?.type ?? null)
    && (stored.reference ? referenceIdOf(stored.reference) : null) === (move.reference?.id ?? null);
}

/** A done move entered over REST: booked like one from warehouse.stock-moves, idempotent by moveId. */
@Injectable()
export class MoveEntryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly query: StockQueryRepository,
    private readonly stock: StockService,
  ) {}

  /** Books the move; `created` is false for a repeat of a booked move, which changes nothing. */
  async enter(payload: StockMovePayload): Promise<{ created: boolean; record: MoveRecord }> {
    return this.dataSource.transaction(async (tx) => {
      // The consumer's path: the same validation into a ledger move, the same booking and publication.
      const move = await this.stock.resolveMove(tx, payload, null);
      const booked = await this.stock.book(tx, [move]);
      const stored = await this.query.move(tx, move.moveId);
      if (!stored) throw new Error(`move ${move.moveId} is missing after booking`);
      if (!booked.has(move.moveId) && !sameMove(stored, move)) {
        throw new ConflictException({ statusCode: 409, error: 'Conflict', message: `move ${move.moveId} is already booked with other values`,
          errors: [{ field: 'moveId', reason: `moveId ${move.moveId} is already booked for another move (${stored.kind} of ${stored.originalQuantity} ${stored.originalUom} ${stored.productId} from ${stored.fromLocation} to ${stored.toLocation} at ${stored.doneAt})` }] });
      }
      return { created: booked.has(move.moveId), record: stored };
    });
  }
}
