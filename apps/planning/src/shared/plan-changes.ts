import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@replenish/contracts';

/** A product at a warehouse whose supply or demand an event changed. */
export interface ChangedSite {
  readonly productId: string;
  readonly warehouseId: string;
}

/** A sales order line as sales-orders.events carry it, with its order (what MRP pegs a demand to). */
export interface ChangedSalesLine {
  readonly salesOrderId: string;
  readonly orderRef: string;
  readonly lineId: string;
  readonly lineNo?: number;
  readonly productId: string;
  readonly warehouseId: string;
  /** What is still to deliver (decimal string); zero when cancelled. */
  readonly quantity: string;
  readonly deliveryDate: string;
}

/**
 * What the consumers (and the planning data services) tell the plans kept beside the reordering rules (MRP's net
 * change, decision planning-021): in the consumer's transaction, after its own work, these product-sites' supply or
 * demand changed. A token here, so that
 * the consumers' features do not import the mrp feature, which builds on them (no feature cycle, decision 0005).
 */
export abstract class PlanChanges {
  /**
   * `causedBy` is the event that changed them; none for a planning data change made through REST (product-site data,
   * a reorder policy, a BOM), which publishes no event of its own: what the plans publish then carries the request's
   * correlation.
   */
  abstract sitesChanged(tx: EntityManager, sites: readonly ChangedSite[], causedBy?: EventEnvelope): Promise<void>;
  /** A consumer batch's lines at once (of one or many orders): a few statements per batch, not per order. */
  abstract salesLinesChanged(tx: EntityManager, lines: readonly ChangedSalesLine[], causedBy: EventEnvelope): Promise<void>;
}
