import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { serializeWrites } from '../shared/db.js';
import { PlanningMethodRepository } from './data-access/planning-method.repository.js';
import { refuseSecondMethod, type PlanningMethod } from './planning-method.js';

/**
 * The one check that a product-site is planned by one method only (reordering rule, MRP or MPS): every path that
 * gives a product-site a method calls `claim` in its transaction, before it writes.
 */
@Injectable()
export class PlanningMethods {
  constructor(private readonly repo: PlanningMethodRepository) {}

  /**
   * Refuses `wanted` with a 409 naming the method already there. Under planning's exclusive write lock, so two
   * claims on one product-site (replicas included) never both pass.
   */
  async claim(tx: EntityManager, productId: string, warehouseId: string, wanted: PlanningMethod): Promise<void> {
    await serializeWrites(tx);
    refuseSecondMethod(await this.repo.methodsOf(tx, productId, warehouseId), wanted, productId, warehouseId);
  }

  /** The method planning product@warehouse, or null. */
  async methodOf(tx: EntityManager, productId: string, warehouseId: string): Promise<PlanningMethod | null> {
    return (await this.repo.methodsOf(tx, productId, warehouseId))[0] ?? null;
  }
}
