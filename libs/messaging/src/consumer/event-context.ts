import { correlationStore } from '../correlation.js';

/**
 * Runs `fn` in the correlation context of an event: every log line written meanwhile carries its correlation id
 * and event id, and every event published meanwhile continues its correlation with it as causation.
 */
export const inEventContext = <T>(event: { correlationId: string; id?: string }, fn: () => T): T =>
  correlationStore.run({ correlationId: event.correlationId, eventId: event.id }, fn);
