import { Injectable, Logger } from '@nestjs/common';
import { productWarehouseKey, stockMoveDone, stockPositionChanged, type PayloadOf } from '@replenish/contracts';
import { EventPublisher } from '@replenish/messaging';
import { assertWithinBound } from '@replenish/service-kit';
import type { EntityManager } from 'typeorm';
import { InventoryInputError } from '../shared/errors.js';
import type { LocationInfo } from '../warehouses/index.js';
import { moveEffects, sumByKey, type LocationDelta, type Settlement, type WarehouseDelta } from './move-effects.js';
import { buildPosition, type PositionWire } from './position.js';
import { toStockQuantity } from '../products/index.js';
import type { Cause } from '../shared/cause.js';
import { Decimal } from '../shared/quantities.js';
import { LocationRepository } from '../warehouses/index.js';
import { ProductRepository } from '../products/index.js';
import { PlannedReferenceRepository } from './data-access/planned-reference.repository.js';
import { StockRepository, type LedgerMove } from './data-access/stock.repository.js';
import { InventoryMetrics } from './inventory-metrics.js';
import { referenceIdOf } from './references.js';

export type StockMovePayload = PayloadOf<typeof stockMoveDone>;

/** A position to republish: its on-hand change (zero when only planned moves changed) and what caused it. */
export interface PositionChange {
  productId: string;
  warehouseId: string;
  delta: Decimal;
  causedBy?: Cause;
}

/** Negative stock locations named in the one warning line of a booking. */
const NEGATIVE_SHOWN = 5;

/**
 * The move path shared by the Kafka consumer, POST /stock/moves and the inventory count: validation into a ledger move,
 * booking (ledger, on hand, settlements) and publishing the positions a change touched.
 */
@Injectable()
export class StockService {
  private readonly log = new Logger('inventory.stock');

  constructor(
    private readonly products: ProductRepository,
    private readonly locations: LocationRepository,
    private readonly stock: StockRepository,
    private readonly publisher: EventPublisher,
    private readonly metrics: InventoryMetrics,
    private readonly plannedReferences: PlannedReferenceRepository,
  ) {}

  /** Validates a move: known product and locations, a UoM of the product's category, a quantity above zero. */
  async resolveMove(tx: EntityManager, p: StockMovePayload, eventId: string | null): Promise<LedgerMove> {
    const product = await this.products.get(tx, p.productId);
    if (!product) throw new InventoryInputError('UNKNOWN_PRODUCT', 'productId', `unknown product ${p.productId} (no product.upserted received yet)`);
    const locs = await this.locations.resolve(tx, [p.fromLocation, p.toLocation]);
    const from = locs.get(p.fromLocation);
    if (!from) throw new InventoryInputError('UNKNOWN_LOCATION', 'fromLocation', `unknown location ${p.fromLocation}`);
    const to = locs.get(p.toLocation);
    if (!to) throw new InventoryInputError('UNKNOWN_LOCATION', 'toLocation', `unknown location ${p.toLocation}`);
    if (from.kind === 'view' || to.kind === 'view') {
      throw new InventoryInputError('INVALID_MOVE', from.kind === 'view' ? 'fromLocation' : 'toLocation', `location ${from.kind === 'view' ? from.code : to.code} is a view location: stock cannot be moved into or out of it`);
    }
    if (from.id === to.id) throw new InventoryInputError('INVALID_MOVE', 'toLocation', `fromLocation and toLocation are the same (${from.code})`);
    const quantity = toStockQuantity(product, p.quantity, p.uom);
    assertWithinBound(quantity, 'quantity', `converting ${p.quantity} ${p.uom} into the stock UoM ${product.stockUom.code} would take the move`);
    const reference = p.reference && { type: p.reference.type, id: referenceIdOf(p.reference) };
    // A planned move comes on this topic, before the moves that settle it: one it has never seen is a mistake (inventory-004).
    if (reference?.type === 'planned-move' && !(await this.plannedReferences.exists(tx, reference.type, reference.id, p.productId))) {
      throw new InventoryInputError('UNKNOWN_REFERENCE', 'reference.id',
        `settles planned move ${p.reference?.id} of ${p.reference?.sourceSystem} for product ${p.productId}, which was never announced`);
    }
    return {
      moveId: p.moveId, kind: p.kind, productId: p.productId, quantity, from, to, reference,
      uom: product.stockUom.code, originalQuantity: p.quantity, originalUom: p.uom, doneAt: p.doneAt, eventId,
    };
  }

  /**
   * Books moves and publishes the positions they touched, in the caller's transaction: the path of one REST
   * move and of an inventory count (the consumer does the same per batch, see BatchScope). Returns the move
   * ids actually booked: a moveId already in the ledger is skipped and changes nothing.
   */
  async book(tx: EntityManager, moves: readonly (LedgerMove & { causedBy?: Cause })[]): Promise<Set<string>> {
    const { inserted, changes } = await this.applyMoves(tx, moves);
    await this.publishPositions(tx, changes);
    return inserted;
  }

  /**
   * Books moves (duplicates by moveId are skipped, within the batch too): one statement per table.
   * Returns the move ids inserted and the on-hand changes per warehouse stock, which the caller republishes.
   */
  async applyMoves(tx: EntityManager, moves: readonly (LedgerMove & { causedBy?: Cause })[]): Promise<{ inserted: Set<string>; changes: PositionChange[] }> {
    const unique = new Map<string, LedgerMove & { causedBy?: Cause }>();
    for (const m of moves) if (!unique.has(m.moveId)) unique.set(m.moveId, m);
    const inserted = await this.stock.insertMoves(tx, [...unique.values()]);
    this.metrics.movesDuplicate.inc(moves.length - inserted.size);
    if (inserted.size === 0) return { inserted, changes: [] };
    this.metrics.movesApplied.inc(inserted.size);
    const locationDeltas: LocationDelta[] = [];
    const settlements: Settlement[] = [];
    const changes: (WarehouseDelta & { causedBy?: Cause })[] = [];
    const locationsById = new Map<number, LocationInfo>();
    for (const m of unique.values()) {
      if (!inserted.has(m.moveId)) continue;
      const e = moveEffects(m);
      locationDeltas.push(...e.locations);
      settlements.push(...e.settlements);
      for (const w of e.warehouses) changes.push({ ...w, causedBy: m.causedBy });
      locationsById.set(m.from.id, m.from).set(m.to.id, m.to);
    }
    const summed = sumByKey(locationDeltas, (d) => `${d.productId}\u0000${String(d.locationId).padStart(10, '0')}`);
    const onHand = await this.stock.addOnHand(tx, summed);
    const deltaOf = new Map(summed.map((d) => [`${d.productId}\u0000${d.locationId}`, d.delta]));
    const negative: { productId: string; location: string; onHand: string }[] = [];
    let wentNegative = 0;
    for (const row of onHand) {
      const loc = locationsById.get(row.locationId);
      const quantity = new Decimal(row.quantity);
      // A virtual location's balance (the vendor's, the customer's) only grows: it is no stock, so no bound holds it.
      if (loc?.isStock) assertWithinBound(quantity, 'quantity', `booking this move would take onHand of ${row.productId} at ${loc.code}`);
      if (!loc?.isStock || !quantity.isNegative() || quantity.isZero()) continue;
      wentNegative++;
      // Logged when a location goes below zero, not on every move while it stays there: a location delivering
      // ahead of its receipts would otherwise log each booking (the metric counts them all).
      if (!quantity.minus(deltaOf.get(`${row.productId}\u0000${row.locationId}`) ?? 0).isNegative()) {
        negative.push({ productId: row.productId, location: loc.code, onHand: row.quantity });
      }
    }
    this.metrics.negativeOnHand.inc(wentNegative);
    if (negative.length > 0) {
      // One line per booking, not per product: a burst of deliveries without receipts would flood the log.
      const shown = negative.slice(0, NEGATIVE_SHOWN).map((n) => `${n.productId} at ${n.location} is ${n.onHand}`).join('; ');
      this.log.warn({ negative: negative.slice(0, NEGATIVE_SHOWN), count: negative.length },
        `on hand went negative at ${negative.length} stock location(s): ${shown}${negative.length > NEGATIVE_SHOWN ? '; ...' : ''}`);
    }
    await this.stock.settle(tx, sumByKey(settlements, (s) => `${s.referenceType}|${s.referenceId}|${s.productId}|${s.warehouseId}|${s.direction}`));
    return { inserted, changes };
  }

  /**
   * Publishes stock-position.changed once per touched position: on hand, remaining planned moves by date,
   * sequence + 1. Positions are locked in key order (the position row), so concurrent transactions publish
   * strictly growing sequences per position. The events of one call share one causation: the last change's
   * cause (for a batch of moves, its last move event; for an order event, that event).
   */
  async publishPositions(tx: EntityManager, changes: readonly PositionChange[]): Promise<void> {
    if (changes.length === 0) return;
    const merged = new Map<string, PositionChange>();
    for (const c of changes) {
      const k = productWarehouseKey(c.productId, c.warehouseId);
      const prev = merged.get(k);
      merged.set(k, prev ? { ...c, delta: prev.delta.plus(c.delta), causedBy: c.causedBy ?? prev.causedBy } : { ...c });
    }
    const keys = [...merged.keys()].sort();
    const ordered = keys.map((k) => merged.get(k) as PositionChange);
    const positions = await this.stock.bumpPositions(tx, ordered);
    const products = await this.products.load(tx, ordered.map((c) => c.productId));
    const asOf = new Date().toISOString();
    const payloads: PayloadOf<typeof stockPositionChanged>[] = [];
    for (const c of ordered) {
      const k = productWarehouseKey(c.productId, c.warehouseId);
      const pos = positions.get(k);
      const product = products.get(c.productId);
      if (!pos || !product) continue;
      const position = buildPosition(pos.onHand, pos.planned);
      assertPositionWithinBounds(c, position);
      payloads.push({
        productId: c.productId, warehouseId: c.warehouseId, uom: product.stockUom.code, ...position, sequence: pos.sequence, asOf,
        // What incoming leaves out for being late, so that planning's explanation names it (decision inventory-004).
        ...(pos.lateNotCounted ? { lateSupplyNotCounted: { quantity: new Decimal(pos.lateNotCounted.quantity).toString(), since: pos.lateNotCounted.since } } : {}),
      });
    }
    // One outbox statement for all; the outbox API takes one causation per call: the last change's cause.
    const causedBy = changes.at(-1)?.causedBy;
    await this.publisher.publishMany(tx, payloads.map((payload) => ({ def: stockPositionChanged, payload })), causedBy ? { causedBy } : undefined);
    this.metrics.positionsPublished.inc(payloads.length);
  }
}

/**
 * A position's on hand and its planned quantities per date are sums of many moves: each must fit the quantity bound
 * (docs/semantics.md, "Numeric bounds"), else the move or order change that takes it past is refused with the reason.
 */
function assertPositionWithinBounds(c: PositionChange, position: PositionWire): void {
  const at = `${c.productId} at ${c.warehouseId}`;
  assertWithinBound(position.onHand, 'quantity', `booking this move would take onHand of ${at}`);
  for (const [field, list] of [['incoming', position.incoming], ['outgoing', position.outgoing]] as const) {
    for (const d of list) assertWithinBound(d.quantity, 'quantity', `this change would take the planned ${field} of ${at} on ${d.date}`);
  }
}
