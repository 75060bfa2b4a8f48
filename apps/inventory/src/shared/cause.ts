import type { EventEnvelope } from '@replenish/contracts';

/** The event whose handling made a change: causation and correlation of the events the change publishes. */
export type Cause = Pick<EventEnvelope, 'id' | 'correlationId'>;

export const causeOf = (e: EventEnvelope): Cause => ({ id: e.id, correlationId: e.correlationId });
