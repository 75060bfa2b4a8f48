import { Injectable } from '@nestjs/common';
import type { PayloadOf, plannedMoveCancelled } from '@replenish/contracts';
import type { EntityManager } from 'typeorm';
import { PlannedMovesService, type PositionKey } from '../planned-moves/index.js';
import type { Cause } from '../shared/cause.js';
import { InventoryInputError } from '../shared/errors.js';
import { PlannedReferenceRepository } from '../stock/index.js';
import {
  announcementReference, placedOrderReference, plannedFromAnnouncement, plannedFromPlacedOrder, productsOfPlacedOrder,
  type Announcement, type PlacedOrder, type PlacedOrderType,
} from './external-supply.js';

export type Cancellation = PayloadOf<typeof plannedMoveCancelled>;

/**
 * Supply and demand Replenish did not raise (decision inventory-004), from warehouse.stock-moves, the order topics and
 * REST alike: planned as confirmed drafts are (PlannedMovesService), each sent whole at every change, so that a
 * redelivery or a replay changes nothing. Bad input throws InventoryInputError before anything is written; the caller
 * then publishes the positions changed (`publish`).
 */
@Injectable()
export class ExternalSupplyService {
  constructor(
    private readonly planned: PlannedMovesService,
    private readonly references: PlannedReferenceRepository,
  ) {}

  /** A planned move announced, or announced again with another date or quantity; returns the positions it changed. */
  async announce(tx: EntityManager, p: Announcement): Promise<PositionKey[]> {
    const lookup = await this.planned.productsOf(tx, [p.productId]);
    const specs = plannedFromAnnouncement(p, lookup);
    return this.planned.replace(tx, announcementReference(p), specs, p.productId);
  }

  /** What is left of a planned move is withdrawn; one never announced is refused (a cancelled one again changes nothing). */
  async cancel(tx: EntityManager, p: Cancellation): Promise<PositionKey[]> {
    const reference = announcementReference(p);
    if (!(await this.references.exists(tx, reference.referenceType, reference.referenceId, p.productId))) {
      throw new InventoryInputError('UNKNOWN_REFERENCE', 'externalRef', `cancels planned move ${p.externalRef} of ${p.sourceSystem} for product ${p.productId}, which was never announced`);
    }
    return this.planned.replace(tx, reference, [], p.productId);
  }

  /** An order placed without a draft, whole as it is now (a cancelled one plans nothing). */
  async place(tx: EntityManager, type: PlacedOrderType, p: PlacedOrder): Promise<PositionKey[]> {
    const lookup = await this.planned.productsOf(tx, productsOfPlacedOrder(p));
    const specs = plannedFromPlacedOrder(type, p, lookup);
    return this.planned.replace(tx, placedOrderReference(p), specs);
  }

  /** Republishes the positions the calls above changed: at once for an event (caused by it), once per batch over REST. */
  publish(tx: EntityManager, keys: readonly PositionKey[], causedBy?: Cause): Promise<void> {
    return this.planned.publish(tx, keys, causedBy);
  }
}
