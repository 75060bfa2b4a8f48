import { AsyncLocalStorage } from 'node:async_hooks';

export interface CorrelationContext {
  correlationId: string;
  /** The event being handled, when inside a consumer: events published here get it as causation id. */
  eventId?: string;
  /**
   * Work about several events at once (a batch's summary line): the correlation ids of all of them, first to
   * last without repeats, when they are more than one. `correlationId` is the first's.
   */
  correlationIds?: readonly string[];
  /** Who asked for the work (an authenticated request's caller): events published here carry it as the `actor` header. */
  actor?: string;
}

/**
 * The correlation of the current unit of work. Consumers run every handler inside
 * `correlationStore.run({ correlationId, eventId }, ...)`; service-kit runs HTTP requests inside it (from
 * `x-correlation-id`). `EventPublisher` reads it when no explicit context is given; loggers read
 * `correlationLogFields()`.
 */
export const correlationStore = new AsyncLocalStorage<CorrelationContext>();

/**
 * The context of work about several events, e.g. the line that sums up a batch: run it in
 * `correlationStore.run(batchCorrelation(events), ...)` and the line carries every event's correlation id.
 */
export function batchCorrelation(events: readonly { correlationId: string }[]): CorrelationContext {
  const ids = [...new Set(events.map((e) => e.correlationId))];
  return ids.length > 1 ? { correlationId: ids[0] as string, correlationIds: ids } : { correlationId: ids[0] ?? '' };
}

/** What a log line written now carries of the current correlation: none outside any. */
export function correlationLogFields(): { correlationId?: string; eventId?: string; correlationIds?: readonly string[] } {
  const store = correlationStore.getStore();
  if (!store) return {};
  if (store.correlationIds) return { correlationIds: store.correlationIds };
  return store.eventId ? { correlationId: store.correlationId, eventId: store.eventId } : { correlationId: store.correlationId };
}
