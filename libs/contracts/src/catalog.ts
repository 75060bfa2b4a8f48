import type { z } from 'zod';
import { envelopeSchema, type EventEnvelope } from './envelope.js';
import type { AnyEventDefinition, EventDefinition } from './events.js';
import * as events from './events.js';
import * as externalSupply from './external-supply.js';
import * as mrp from './mrp.js';
import * as demandForecasts from './demand-forecasts.js';

/**
 * The largest message value a consumer parses: 1 MB, below the broker's default message.max.bytes (1 MiB) by enough
 * for the dead-letter headers, so that a message refused for its size can still be dead-lettered, never stall.
 */
export const MAX_EVENT_BYTES = 1_000_000;

/** A set of event definitions by type. Services use `eventCatalog`; tests can build their own. */
export class EventCatalog {
  private readonly byType = new Map<string, AnyEventDefinition>();

  constructor(definitions: Iterable<AnyEventDefinition>) {
    for (const d of definitions) {
      if (this.byType.has(d.type)) throw new Error(`event type ${d.type} defined twice`);
      this.byType.set(d.type, d);
    }
  }

  get(type: string): AnyEventDefinition | undefined {
    return this.byType.get(type);
  }

  all(): AnyEventDefinition[] {
    return [...this.byType.values()];
  }

  topics(): string[] {
    return [...new Set(this.all().map((d) => d.topic))];
  }

  /**
   * Validates raw message bytes: the envelope, a known type and version, the payload, and that the key
   * agrees with the payload. Never throws: a reason comes back for the dead-letter topic.
   */
  parse(raw: string | Buffer | null): ParseResult {
    if (raw === null) return { ok: false, reason: 'empty message value' };
    const bytes = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
    if (bytes > MAX_EVENT_BYTES) return { ok: false, reason: `message of ${bytes} bytes is past the bound of ${MAX_EVENT_BYTES} bytes per event` };
    let json: unknown;
    try {
      json = JSON.parse(raw.toString());
    } catch (e) {
      return { ok: false, reason: `not JSON: ${(e as Error).message}` };
    }
    const env = envelopeSchema.safeParse(json);
    if (!env.success) return { ok: false, reason: `invalid envelope: ${describeIssues(env.error)}` };
    const def = this.byType.get(env.data.type);
    if (!def) return { ok: false, reason: `unknown event type ${env.data.type}` };
    if (env.data.schemaVersion !== def.version) {
      return { ok: false, reason: `unsupported schema version ${env.data.schemaVersion} of ${def.type} (supported: ${def.version})` };
    }
    const payload = def.payload.safeParse(env.data.payload);
    if (!payload.success) return { ok: false, reason: `invalid ${def.type} payload: ${describeIssues(payload.error)}` };
    const expectedKey = def.keyOf(payload.data);
    if (env.data.key !== expectedKey) return { ok: false, reason: `key ${env.data.key} does not match payload key ${expectedKey}` };
    return { ok: true, envelope: { ...env.data, payload: payload.data } };
  }
}

export type ParseResult = { ok: true; envelope: EventEnvelope } | { ok: false; reason: string };

export const describeIssues = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');

export const eventCatalog = new EventCatalog(
  ([...Object.values(events), ...Object.values(externalSupply), ...Object.values(mrp), ...Object.values(demandForecasts)] as unknown[]).filter(
    (v): v is AnyEventDefinition => typeof v === 'object' && v !== null && 'type' in v && 'keyOf' in v,
  ),
);

/** Payload type of a definition: `PayloadOf<typeof stockMoveDone>`. */
export type PayloadOf<D> = D extends EventDefinition<string, infer S> ? z.infer<S> : never;
