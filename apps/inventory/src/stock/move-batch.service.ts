import { Injectable } from '@nestjs/common';
import { stockMoveDone } from '@replenish/contracts';
import { DomainError } from '@replenish/domain';
import { parseBody } from '@replenish/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { ProductRepository } from '../products/index.js';
import { InventoryInputError } from '../shared/errors.js';
import { LocationRepository } from '../warehouses/index.js';
import { StockQueryRepository } from './data-access/stock-query.repository.js';
import type { LedgerMove } from './data-access/stock.repository.js';
import { sameMove } from './move-entry.service.js';
import { StockService, type StockMovePayload } from './stock.service.js';

/** The most moves one batch takes (POST /stock/moves/batch): 10,000 moves book in about a second. */
export const MAX_BATCH_MOVES = 10_000;

export interface FieldReason {
  field: string;
  reason: string;
}

/** What became of one move of a batch, in the batch's order. */
export interface MoveResult {
  index: number;
  moveId: string | null;
  status: 'applied' | 'duplicate' | 'refused';
  errors?: FieldReason[];
}

export interface BatchResult {
  applied: number;
  duplicate: number;
  refused: number;
  results: MoveResult[];
}

/** Bad input that refuses one move and not its batch: inventory's checks and the domain's (a bound passed). */
function refusalOf(e: unknown): FieldReason | undefined {
  if (e instanceof InventoryInputError) return { field: e.field, reason: e.message };
  if (e instanceof DomainError) return { field: (e as DomainError & { field?: string }).field ?? '(move)', reason: e.message };
  return undefined;
}

/**
 * A batch of done moves over REST (a warehouse system without Kafka): each move is checked on its own by the
 * event's schema and the consumer's validation (StockService.resolveMove), and the valid ones are booked together
 * through the consumer's set-based booking (StockService.book): one statement per table and one
 * stock-position.changed per touched product@warehouse for the whole batch. Idempotent by moveId like the single
 * path: a move already in the ledger (or earlier in the batch) with the same values is a duplicate, with other
 * values it is refused naming moveId. All in one transaction (decision inventory-003).
 */
@Injectable()
export class MoveBatchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly products: ProductRepository,
    private readonly locations: LocationRepository,
    private readonly query: StockQueryRepository,
    private readonly stock: StockService,
  ) {}

  async enter(items: readonly unknown[]): Promise<BatchResult> {
    return this.dataSource.transaction(async (tx) => {
      const results: MoveResult[] = items.map((_, index) => ({ index, moveId: idOf(items[index]), status: 'refused' }));
      const payloads = new Map<number, StockMovePayload>();
      items.forEach((item, i) => {
        // The schema alone when no property is unknown (the usual move); parseBody names every refused field otherwise.
        const quick = onlyKnownProperties(item) ? stockMoveDone.payload.safeParse(item) : undefined;
        if (quick?.success) {
          payloads.set(i, quick.data);
          return;
        }
        const parsed = parseBody(stockMoveDone.payload, item);
        if (parsed.ok) payloads.set(i, parsed.value as StockMovePayload);
        else (results[i] as MoveResult).errors = parsed.errors;
      });
      const moves = await this.resolve(tx, payloads, results);
      const booked = await this.book(tx, moves, results);
      await this.settleRepeats(tx, moves, booked, results);
      return summarise(results);
    });
  }

  /** Validates every parsed move as the consumer does, after loading their products and locations in two queries. */
  private async resolve(tx: EntityManager, payloads: Map<number, StockMovePayload>, results: MoveResult[]): Promise<Map<number, LedgerMove>> {
    const all = [...payloads.values()];
    await this.products.load(tx, all.map((p) => p.productId));
    await this.locations.resolve(tx, all.flatMap((p) => [p.fromLocation, p.toLocation]));
    const moves = new Map<number, LedgerMove>();
    for (const [i, payload] of payloads) {
      try {
        moves.set(i, await this.stock.resolveMove(tx, payload, null));
      } catch (e) {
        const refusal = refusalOf(e);
        if (!refusal) throw e;
        (results[i] as MoveResult).errors = [refusal];
      }
    }
    return moves;
  }

  /**
   * Books the first move of each moveId in one go. When that refuses (a move would take a quantity past its bound),
   * the batch is booked again one move at a time, each in a savepoint, so that only the moves at fault are refused.
   */
  private async book(tx: EntityManager, moves: Map<number, LedgerMove>, results: MoveResult[]): Promise<Set<string>> {
    const first = new Map<string, LedgerMove>();
    for (const m of moves.values()) if (!first.has(m.moveId)) first.set(m.moveId, m);
    try {
      return await tx.transaction((sp) => this.stock.book(sp, [...first.values()]));
    } catch (e) {
      if (!refusalOf(e)) throw e;
    }
    const booked = new Set<string>();
    for (const [i, m] of moves) {
      if (first.get(m.moveId) !== m) continue;
      try {
        for (const id of await tx.transaction((sp) => this.stock.book(sp, [m]))) booked.add(id);
      } catch (e) {
        const refusal = refusalOf(e);
        if (!refusal) throw e;
        (results[i] as MoveResult).errors = [refusal];
        first.delete(m.moveId);
      }
    }
    return booked;
  }

  /** Applied, duplicate (the ledger's move is this one) or refused (the moveId is booked for another move). */
  private async settleRepeats(tx: EntityManager, moves: Map<number, LedgerMove>, booked: Set<string>, results: MoveResult[]): Promise<void> {
    // Only a move not booked now, or repeated within the batch, needs the ledger's record to be compared with.
    const seen = new Set<string>();
    const compared = new Set<string>();
    for (const m of moves.values()) {
      if (!booked.has(m.moveId) || seen.has(m.moveId)) compared.add(m.moveId);
      seen.add(m.moveId);
    }
    const stored = new Map((await this.query.movesById(tx, [...compared])).map((r) => [r.moveId, r]));
    const claimed = new Set<string>();
    for (const [i, m] of moves) {
      const result = results[i] as MoveResult;
      if (result.errors) continue;
      const record = stored.get(m.moveId);
      if (booked.has(m.moveId) && !claimed.has(m.moveId)) {
        claimed.add(m.moveId);
        result.status = 'applied';
      } else if (record && sameMove(record, m)) {
        result.status = 'duplicate';
      } else {
        result.errors = [{ field: 'moveId', reason: record
          ? `moveId ${m.moveId} is already booked for another move (${record.kind} of ${record.originalQuantity} ${record.originalUom} ${record.productId} from ${record.fromLocation} to ${record.toLocation} at ${record.doneAt})`
          : `moveId ${m.moveId} was refused earlier in this batch` }];
      }
    }
  }
}

const MOVE_PROPERTIES = new Set(Object.keys(stockMoveDone.payload.shape));
const REFERENCE_PROPERTIES = new Set(Object.keys(stockMoveDone.payload.shape.reference.unwrap().shape));
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a move (and its reference) has only properties of the contract: parseBody's walk costs twice the schema's parse. */
function onlyKnownProperties(item: unknown): boolean {
  if (!isRecord(item)) return true;
  for (const key in item) if (!MOVE_PROPERTIES.has(key)) return false;
  if (isRecord(item.reference)) for (const key in item.reference) if (!REFERENCE_PROPERTIES.has(key)) return false;
  return true;
}

const idOf = (item: unknown): string | null => {
  const id = typeof item === 'object' && item !== null ? (item as { moveId?: unknown }).moveId : undefined;
  return typeof id === 'string' ? id : null;
};

function summarise(results: MoveResult[]): BatchResult {
  const count = (s: MoveResult['status']) => results.filter((r) => r.status === s).length;
  return { applied: count('applied'), duplicate: count('duplicate'), refused: count('refused'), results };
}
