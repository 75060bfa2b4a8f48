import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Decimal, stockPosition, type StockPosition } from '../shared/domain.js';
import { ProjectionRepository, type PositionInputs } from './data-access/projection.repository.js';

/**
 * The stock position a rule is evaluated on (semantics section 1), from planning's own data only:
 * inventory's latest position + planning's open drafts as in progress. MTO supply is dated at the sales
 * line's delivery date, so it cancels exactly the outgoing MTO demand at every horizon (decision planning-002).
 */
@Injectable()
export class ProjectionService {
  constructor(private readonly repo: ProjectionRepository) {}

  async position(tx: EntityManager, productId: string, warehouseId: string, today: string): Promise<{ position: StockPosition; inputs: PositionInputs }> {
    const inputs = await this.repo.inputs(tx, productId, warehouseId);
    const transfersOut = new Decimal(inputs.transfersOut);
    const position = stockPosition({
      onHand: inputs.onHand,
      incoming: [...inputs.incoming, ...inputs.mtoSupply],
      outgoing: transfersOut.gt(0) ? [...inputs.outgoing, { date: today, quantity: inputs.transfersOut }] : inputs.outgoing,
      inProgress: inputs.inProgress,
    });
    return { position, inputs };
  }

  /** Free stock for "take from stock first": on hand minus everything already promised (all planned outgoing). */
  async freeStock(tx: EntityManager, productId: string, warehouseId: string): Promise<Decimal> {
    const inputs = await this.repo.inputs(tx, productId, warehouseId);
    let free = new Decimal(inputs.onHand).minus(inputs.transfersOut);
    for (const m of inputs.outgoing) free = free.minus(m.quantity);
    return free;
  }
}
