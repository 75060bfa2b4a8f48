import { z } from 'zod';
import { uuid } from './primitives.js';

/**
 * Every event on every topic travels in this envelope. The Kafka message key equals `key`; the value is
 * the JSON of the whole envelope. `id` is what consumers deduplicate on (their inbox).
 */
export const envelopeSchema = z.object({
  id: uuid,
  type: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  key: z.string().min(1).max(500),
  source: z.string().min(1).max(200),
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  payload: z.unknown(),
});

export type EventEnvelope<P = unknown> = Omit<z.infer<typeof envelopeSchema>, 'payload'> & { payload: P };
