import { batchCorrelation, correlationStore } from '../correlation.js';

/**
 * Runs `fn` in the correlation context of an event: every log line written meanwhile carries its correlation id
 * and event id, and every event published meanwhile continues its correlation with it as causation.
 */
export const inEventContext = <T>(event: { correlationId: string; id?: string }, fn: () => T): T =>
  correlationStore.run({ correlationId: event.correlationId, eventId: event.id }, fn);

/** Runs `fn` in the correlation of a batch's events: a line written meanwhile carries every event's correlation id. */
export const inBatchContext = <T>(events: readonly { correlationId: string }[], fn: () => T): T =>
  events.length > 0 ? correlationStore.run(batchCorrelation(events), fn) : fn();
