import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { EventEnvelope } from './envelope.js';
import type { EventDefinition } from './events.js';

export interface EnvelopeContext {
  source: string;
  /** The event this one is a consequence of: its correlation id is carried on, its id becomes the causation id. */
  causedBy?: Pick<EventEnvelope, 'id' | 'correlationId'>;
  correlationId?: string;
  occurredAt?: Date;
}

/** Builds a valid envelope for a definition; validates the payload so bad events never leave a service. */
export function createEnvelope<S extends z.ZodType>(def: EventDefinition<string, S>, payload: z.infer<S>, ctx: EnvelopeContext): EventEnvelope<z.infer<S>> {
  const parsed = def.payload.parse(payload) as z.infer<S>;
  const id = randomUUID();
  return {
    id,
    type: def.type,
    schemaVersion: def.version,
    occurredAt: (ctx.occurredAt ?? new Date()).toISOString(),
    key: def.keyOf(parsed),
    source: ctx.source,
    correlationId: ctx.causedBy?.correlationId ?? ctx.correlationId ?? id,
    causationId: ctx.causedBy?.id ?? null,
    payload: parsed,
  };
}
