import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Decimal, freeStock, stockPosition, type StockPosition } from '../shared/domain.js';
import { ProjectionRepository, type PositionInputs } from './data-access/projection.repository.js';

/**
 * The stock position a rule is evaluated on (docs/semantics.md, "Stock position and forecast"), from planning's own data only:
 * inventory's latest position + planning's open drafts as in progress. MTO supply is dated at the sales
 * line's delivery date, so it cancels exactly the outgoing MTO demand at every horizon (decision planning-002).
 * What planning's manufacturing drafts will consume of the product as a component is outgoing on their
 * manufacturing start, until inventory's position carries it (decision planning-009).
 */
@Injectable()
export class ProjectionService {
  constructor(private readonly repo: ProjectionRepository) {}

  /** What a rule's position is made of (`positionOf` makes the position of a day). */
  inputs(tx: EntityManager, productId: string, warehouseId: string): Promise<PositionInputs> {
    return this.repo.inputs(tx, productId, warehouseId);
  }

  /** What an order changed of these pairs' inputs must be read again (ProjectionRepository.forget). */
  forget(tx: EntityManager, keys: readonly { productId: string; warehouseId: string }[]): void {
    this.repo.forget(tx, keys);
  }

  /**
   * Free stock for "take from stock first" (libs/domain freeStock; decision planning-002): on hand minus the
   * planned outgoing that MTO supply of its own does not cover (inventory's outgoing and the components planning's
   * manufacturing drafts will consume), minus open transfers out.
   */
  async freeStock(tx: EntityManager, productId: string, warehouseId: string): Promise<Decimal> {
    const inputs = await this.repo.inputs(tx, productId, warehouseId);
    return freeStock({
      onHand: inputs.onHand,
      outgoing: [...inputs.outgoing, ...inputs.componentDemand],
      mtoSupply: inputs.mtoSupply,
      undatedOutgoing: inputs.transfersOut,
    });
  }
}

/** The stock position of `inputs` on `today` (see ProjectionService). */
export function positionOf(inputs: PositionInputs, today: string): StockPosition {
  const transfersOut = new Decimal(inputs.transfersOut);
  return stockPosition({
    onHand: inputs.onHand,
    incoming: [...inputs.incoming, ...inputs.mtoSupply],
    outgoing: [...inputs.outgoing, ...inputs.componentDemand, ...(transfersOut.gt(0) ? [{ date: today, quantity: inputs.transfersOut }] : [])],
    inProgress: inputs.inProgress,
  });
}
