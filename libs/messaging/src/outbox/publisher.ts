import { createEnvelope, eventHeaders, type AnyEventDefinition, type EventEnvelope, type PayloadOf, type EnvelopeContext } from '@replenish/contracts';
import type { EntityManager } from 'typeorm';
import { correlationStore } from '../correlation.js';
import { MessagingMetrics } from '../metrics.js';
import { ident, LOCK_CLASS, outboxChannel, preparedQuery } from '../sql.js';

export interface PublishContext {
  /** The event this one follows from: correlation id carried on, causation id = its id. */
  causedBy?: Pick<EventEnvelope, 'id' | 'correlationId'>;
  correlationId?: string;
}

export interface EventPublisherOptions {
  serviceName: string;
  schema: string;
  metrics?: MessagingMetrics;
}

/** Kafka headers written with every event (the value is the whole envelope as JSON). */
export const envelopeHeaders = (e: EventEnvelope): Record<string, string> => ({
  [eventHeaders.id]: e.id,
  [eventHeaders.type]: e.type,
  [eventHeaders.schemaVersion]: String(e.schemaVersion),
  [eventHeaders.correlationId]: e.correlationId,
  'content-type': 'application/json',
});

/**
 * Writes events to `<schema>.outbox` inside the caller's transaction (the transactional outbox). The
 * relay publishes them after commit. Per (topic, key) a transaction lock (`pg_advisory_xact_lock`) is
 * taken before the insert, so two transactions writing one key serialize and the outbox id order of a key
 * is its commit order. NOTIFY (delivered at commit) wakes the relay.
 */
export class EventPublisher {
  readonly serviceName: string;
  readonly schema: string;
  private readonly metrics: MessagingMetrics;
  private readonly insertOne: string;
  private readonly insertMany: string;
  private readonly channel: string;

  constructor(options: EventPublisherOptions) {
    this.serviceName = options.serviceName;
    this.schema = options.schema;
    this.metrics = options.metrics ?? new MessagingMetrics();
    this.channel = outboxChannel(options.schema);
    const table = `${ident(options.schema)}.outbox`;
    // One round trip: the FROM subquery (lock + notify) is evaluated before the row (and its id) is made.
    this.insertOne = `INSERT INTO ${table} (event_id, event_type, topic, key, value, headers)
      SELECT $1::uuid, $2::text, $3::text, $4::text, $5::text, $6::jsonb
      FROM (SELECT pg_advisory_xact_lock(${LOCK_CLASS.outboxKey}, hashtext($3::text || '/' || $4::text)), pg_notify($7::text, '')) AS l`;
    // Many events: lock the distinct keys in a fixed (hash) order, then one multi-row insert in input order.
    this.insertMany = `WITH l AS MATERIALIZED (
        SELECT count(*) AS n FROM (
          SELECT pg_advisory_xact_lock(${LOCK_CLASS.outboxKey}, h) FROM (
            SELECT DISTINCT hashtext(t || '/' || k) AS h FROM unnest($3::text[], $4::text[]) AS u(t, k) ORDER BY 1
          ) AS hs
        ) AS locked
      ), n AS MATERIALIZED (SELECT pg_notify($7::text, '') FROM l)
      INSERT INTO ${table} (event_id, event_type, topic, key, value, headers)
      SELECT e, ty, t, k, v, hd FROM n, l, unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
        WITH ORDINALITY AS u(e, ty, t, k, v, hd, ord)
      ORDER BY ord`;
  }

  /** Publishes one event in the caller's transaction `tx`; returns the envelope written. */
  async publish<D extends AnyEventDefinition>(
    tx: EntityManager,
    def: D,
    payload: PayloadOf<D>,
    ctx?: PublishContext,
  ): Promise<EventEnvelope<PayloadOf<D>>> {
    const envelope = createEnvelope(def, payload, this.envelopeContext(ctx)) as EventEnvelope<PayloadOf<D>>;
    await preparedQuery(tx, this.insertOne, [
      envelope.id, envelope.type, def.topic, envelope.key, JSON.stringify(envelope), JSON.stringify(envelopeHeaders(envelope)), this.channel,
    ]);
    this.metrics.published++;
    return envelope;
  }

  /**
   * Publishes several events in one statement (same guarantees as `publish`, in the given order). An event's
   * own `ctx` (its cause) wins over the shared one.
   */
  async publishMany(
    tx: EntityManager,
    events: ReadonlyArray<{ def: AnyEventDefinition; payload: unknown; ctx?: PublishContext }>,
    ctx?: PublishContext,
  ): Promise<EventEnvelope[]> {
    if (events.length === 0) return [];
    const envCtx = this.envelopeContext(ctx);
    const envelopes = events.map((e) => ({ def: e.def, env: createEnvelope(e.def, e.payload, e.ctx ? this.envelopeContext(e.ctx) : envCtx) as EventEnvelope }));
    await preparedQuery(tx, this.insertMany, [
      envelopes.map((e) => e.env.id),
      envelopes.map((e) => e.env.type),
      envelopes.map((e) => e.def.topic),
      envelopes.map((e) => e.env.key),
      envelopes.map((e) => JSON.stringify(e.env)),
      envelopes.map((e) => JSON.stringify(envelopeHeaders(e.env))),
      this.channel,
    ]);
    this.metrics.published += envelopes.length;
    return envelopes.map((e) => e.env);
  }

  private envelopeContext(ctx?: PublishContext): EnvelopeContext {
    if (ctx?.causedBy) return { source: this.serviceName, causedBy: ctx.causedBy };
    if (ctx?.correlationId) return { source: this.serviceName, correlationId: ctx.correlationId };
    const current = correlationStore.getStore();
    if (current?.eventId) return { source: this.serviceName, causedBy: { id: current.eventId, correlationId: current.correlationId } };
    if (current) return { source: this.serviceName, correlationId: current.correlationId };
    return { source: this.serviceName };
  }
}
