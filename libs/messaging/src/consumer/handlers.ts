import type { AnyEventDefinition, EventEnvelope } from '@replenish/contracts';
import type { EntityManager } from 'typeorm';

/** A handler: runs inside the batch's DB transaction `tx`; the inbox row of the event commits with it. */
export type EventHandler = (event: EventEnvelope, tx: EntityManager) => Promise<void>;

/**
 * A batch handler: gets every new event of a broker batch that it alone handles, in offset order, in one
 * call (to lock what they touch up front in a fixed order, or coalesce them). When a batch is isolated after
 * a failure it is called with one event at a time, so it must give the same result either way.
 */
export type BatchEventHandler = (events: EventEnvelope[], tx: EntityManager) => Promise<void>;

export type HandlerRegistration = {
  defs: AnyEventDefinition | AnyEventDefinition[];
  /** For logs: `Provider.method`. */
  name?: string;
  /**
   * The events this handler takes; an event no handler takes is skipped after validation, without a transaction
   * or an inbox row (sales-orders ignores every stock move that is not a delivery of a sales line). Must depend on
   * the event alone, so a redelivery is skipped again.
   */
  when?: (event: EventEnvelope) => boolean;
  /**
   * Event types of this handler's topics that are legitimately not this service's business (inventory reads
   * planning.draft-orders for confirmations and cancellations only, not for raised and updated drafts): skipped
   * unparsed, counted (`MessagingMetrics.ignored`) and logged at debug. A type on an input topic that no handler
   * takes and none ignores is dead-lettered: "unknown event type X on topic T".
   */
  ignores?: readonly string[];
} & ({ handle: EventHandler; handleBatch?: undefined } | { handleBatch: BatchEventHandler; handle?: undefined });

export const definitionsOf = (h: HandlerRegistration): AnyEventDefinition[] => (Array.isArray(h.defs) ? h.defs : [h.defs]);
