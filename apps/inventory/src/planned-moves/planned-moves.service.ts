import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProductRepository, type ProductRecord } from '../products/index.js';
import type { Cause } from '../shared/cause.js';
import { BatchScope, type ReferenceType } from '../stock/index.js';
import { PlannedMoveRepository } from './data-access/planned-move.repository.js';
import { LateSupply } from './late-supply.service.js';
import type { PlannedMoveSpec } from './planned-moves.js';

export type PositionKey = { productId: string; warehouseId: string };

/**
 * Planned moves from order events: recorded (upserts, so a redelivery changes nothing) and their positions
 * republished at once, caused by that event (BatchScope.touch).
 */
@Injectable()
export class PlannedMovesService {
  constructor(
    private readonly products: ProductRepository,
    private readonly planned: PlannedMoveRepository,
    private readonly scope: BatchScope,
    private readonly late: LateSupply,
  ) {}

  /** The products of the given ids known here (the planned moves are in their stock UoMs). */
  async productsOf(tx: EntityManager, productIds: readonly string[]): Promise<(productId: string) => ProductRecord | undefined> {
    const products = await this.products.load(tx, productIds);
    return (id) => products.get(id);
  }

  async plan(tx: EntityManager, specs: PlannedMoveSpec[], causedBy: Cause): Promise<void> {
    await this.planned.upsertPlanned(tx, specs);
    await this.late.whenPlanned(tx, specs);
    await this.scope.touch(tx, specs, causedBy);
  }

  /**
   * Plans what a reference holds now, whole (an order or a planned move sent again at every change): `specs` are
   * upserted, and the reference's planned moves (of `productId`, when given) that `specs` no longer name are closed.
   * Returns the positions it changed, for `publish` (a REST batch publishes each position once for all its items).
   */
  async replace(
    tx: EntityManager, reference: { referenceType: ReferenceType; referenceId: string }, specs: PlannedMoveSpec[], productId?: string,
  ): Promise<PositionKey[]> {
    await this.planned.upsertPlanned(tx, specs);
    await this.late.whenPlanned(tx, specs);
    const dropped = await this.planned.cancelOthers(tx, reference.referenceType, reference.referenceId, specs, productId);
    return [...specs, ...dropped].map(({ productId: p, warehouseId }) => ({ productId: p, warehouseId }));
  }

  /** Republishes the positions of changed planned moves, caused by `causedBy` (none for a REST call). */
  async publish(tx: EntityManager, keys: readonly PositionKey[], causedBy?: Cause): Promise<void> {
    await this.scope.touch(tx, keys, causedBy);
  }

  /** Cancels the open planned moves of the references; returns how many positions they were in. */
  async cancel(tx: EntityManager, referenceType: ReferenceType, referenceIds: readonly string[], causedBy: Cause): Promise<number> {
    const touched = await this.planned.cancelPlanned(tx, referenceType, referenceIds);
    await this.scope.touch(tx, touched, causedBy);
    return touched.length;
  }
}
