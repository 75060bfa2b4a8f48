import { AsyncLocalStorage } from 'node:async_hooks';

export interface CorrelationContext {
  correlationId: string;
  /** The event being handled, when inside a consumer: events published here get it as causation id. */
  eventId?: string;
}

/**
 * The correlation of the current unit of work. Consumers run every handler inside
 * `correlationStore.run({ correlationId, eventId }, ...)`; service-kit runs HTTP requests inside it (from
 * `x-correlation-id`). `EventPublisher` reads it when no explicit context is given; loggers can too.
 */
export const correlationStore = new AsyncLocalStorage<CorrelationContext>();
