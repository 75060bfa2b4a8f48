import { createEnvelope, eventHeaders, type AnyEventDefinition, type EventEnvelope, type PayloadOf, type EnvelopeContext } from '@replenish/contracts';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { zodMessage } from '../consumer/fault.js';
import { correlationStore } from '../correlation.js';
import { PermanentError } from '../errors.js';
import { MessagingMetrics } from '../metrics.js';
import { ident, LOCK_CLASS, outboxChannel, preparedQuery, runWrites, type Statement } from '../sql.js';

export interface PublishContext {
  /** The event this one follows from: correlation id carried on, causation id = its id. */
  causedBy?: Pick<EventEnvelope, 'id' | 'correlationId'>;
  correlationId?: string;
}

/** What the publisher needs of the relay of its own process. */
export interface LocalRelay {
  readonly isActive: boolean;
  kick(): void;
}

export interface EventPublisherOptions {
  serviceName: string;
  schema: string;
  metrics?: MessagingMetrics;
}

/** Kafka headers written with every event (the value is the whole envelope as JSON); `actor` when someone asked for it. */
export const envelopeHeaders = (e: EventEnvelope, actor?: string): Record<string, string> => ({
  [eventHeaders.id]: e.id,
  [eventHeaders.type]: e.type,
  [eventHeaders.schemaVersion]: String(e.schemaVersion),
  [eventHeaders.correlationId]: e.correlationId,
  ...(actor ? { [eventHeaders.actor]: actor } : {}),
  'content-type': 'application/json',
});

/**
 * The envelope of an event, its payload checked against its contract. A payload that breaks it (a quantity summed
 * past the contract's bound) is a `PermanentError` naming the event type and fields: in a handler, the fault of the
 * event being handled, which is dead-lettered with that reason instead of retried.
 */
function envelopeOf(def: AnyEventDefinition, payload: unknown, ctx: EnvelopeContext): EventEnvelope {
  try {
    return createEnvelope(def, payload, ctx);
  } catch (e) {
    if (e instanceof Error && e.name === 'ZodError') throw new PermanentError(`${def.type} event breaks its contract: ${zodMessage(e)}`, { cause: e });
    throw e;
  }
}

/** The caller whose request is being served (set by service-kit's authentication), if any. */
const currentActor = (): string | undefined => correlationStore.getStore()?.actor;

/**
 * Writes events to `<schema>.outbox` inside the caller's transaction (the transactional outbox). The
 * relay publishes them after commit. Per (topic, key) a transaction lock (`pg_advisory_xact_lock`) is
 * taken before the insert, so two transactions writing one key serialize and the outbox id order of a key
 * is its commit order. The relay wakes after commit: kicked in process when this process's relay is the active
 * one (`attachRelay`), else by NOTIFY, which PostgreSQL delivers at commit (decision messaging-007).
 */
export class EventPublisher {
  readonly serviceName: string;
  readonly schema: string;
  private readonly metrics: MessagingMetrics;
  private readonly insertOne: string;
  private readonly insertMany: string;
  private readonly channel: string;
  private relay?: LocalRelay;
  /** Transactions that wrote events without NOTIFY: the local relay is kicked when they commit. */
  private readonly kickOnCommit = new WeakSet<QueryRunner>();
  private readonly subscribed = new WeakSet<DataSource>();

  constructor(options: EventPublisherOptions) {
    this.serviceName = options.serviceName;
    this.schema = options.schema;
    this.metrics = options.metrics ?? new MessagingMetrics();
    this.channel = outboxChannel(options.schema);
    const table = `${ident(options.schema)}.outbox`;
    // One round trip: the FROM subquery (lock + notify) is evaluated before the row (and its id) is made.
    this.insertOne = `INSERT INTO ${table} (event_id, event_type, topic, key, value, headers)
      SELECT $1::uuid, $2::text, $3::text, $4::text, $5::text, $6::jsonb
      FROM (SELECT pg_advisory_xact_lock(${LOCK_CLASS.outboxKey}, hashtext($3::text || '/' || $4::text)),
        CASE WHEN $7::text <> '' THEN pg_notify($7::text, '') END) AS l`;
    // Many events: lock the distinct keys in a fixed (hash) order, then one multi-row insert in input order.
    // Values and headers come as one JSON array each: node-pg escapes a text[] element by element with regular
    // expressions, which for whole drafts cost planning more than its JSON.stringify of the same strings.
    this.insertMany = `WITH l AS MATERIALIZED (
        SELECT count(*) AS n FROM (
          SELECT pg_advisory_xact_lock(${LOCK_CLASS.outboxKey}, h) FROM (
            SELECT DISTINCT hashtext(t || '/' || k) AS h FROM unnest($3::text[], $4::text[]) AS u(t, k) ORDER BY 1
          ) AS hs
        ) AS locked
      ), n AS MATERIALIZED (SELECT CASE WHEN $7::text <> '' THEN pg_notify($7::text, '') END FROM l)
      INSERT INTO ${table} (event_id, event_type, topic, key, value, headers)
      SELECT e, ty, t, k, v, hd::jsonb FROM n, l, ROWS FROM (unnest($1::uuid[]), unnest($2::text[]), unnest($3::text[]), unnest($4::text[]),
        json_array_elements_text($5::json), json_array_elements($6::json)) WITH ORDINALITY AS u(e, ty, t, k, v, hd, ord)
      ORDER BY ord`;
  }

  /** Publishes one event in the caller's transaction `tx`; returns the envelope written. */
  async publish<D extends AnyEventDefinition>(
    tx: EntityManager,
    def: D,
    payload: PayloadOf<D>,
    ctx?: PublishContext,
  ): Promise<EventEnvelope<PayloadOf<D>>> {
    const envelope = envelopeOf(def, payload, this.envelopeContext(ctx)) as EventEnvelope<PayloadOf<D>>;
    await preparedQuery(tx, this.insertOne, [
      envelope.id, envelope.type, def.topic, envelope.key, JSON.stringify(envelope), JSON.stringify(envelopeHeaders(envelope, currentActor())), this.notifyChannel(tx),
    ]);
    this.published(tx, 1);
    return envelope;
  }

  /**
   * Publishes several events in one statement (same guarantees as `publish`, in the given order). An event's
   * own `ctx` (its cause) wins over the shared one. `alongside`: the caller's own writes of the transaction,
   * sent in the same round trip (`runWrites`, whose limits apply); they run even when there is no event.
   */
  async publishMany(
    tx: EntityManager,
    events: ReadonlyArray<{ def: AnyEventDefinition; payload: unknown; ctx?: PublishContext }>,
    ctx?: PublishContext,
    alongside: readonly (Statement | undefined)[] = [],
  ): Promise<EventEnvelope[]> {
    const envCtx = this.envelopeContext(ctx);
    const actor = currentActor();
    const envelopes = events.map((e) => ({ def: e.def, env: envelopeOf(e.def, e.payload, e.ctx ? this.envelopeContext(e.ctx) : envCtx) }));
    const insert: Statement | undefined = envelopes.length === 0 ? undefined : {
      text: this.insertMany,
      params: [
        envelopes.map((e) => e.env.id),
        envelopes.map((e) => e.env.type),
        envelopes.map((e) => e.def.topic),
        envelopes.map((e) => e.env.key),
        JSON.stringify(envelopes.map((e) => JSON.stringify(e.env))),
        JSON.stringify(envelopes.map((e) => envelopeHeaders(e.env, actor))),
        this.notifyChannel(tx),
      ],
    };
    await runWrites(tx, [...alongside, insert]);
    if (insert) this.published(tx, envelopes.length);
    return envelopes.map((e) => e.env);
  }

  /**
   * This process's relay: while it is the active one, events skip NOTIFY and the relay is kicked when their
   * transaction commits (a subscriber on `dataSource`), which saves PostgreSQL signalling the relay's
   * connection. Should it lose the lead in between, the new active relay finds them at its next poll.
   */
  attachRelay(relay: LocalRelay, dataSource: DataSource): void {
    this.relay = relay;
    if (this.subscribed.has(dataSource)) return;
    this.subscribed.add(dataSource);
    dataSource.subscribers.push({
      afterTransactionCommit: (e) => this.transactionEnded(e.queryRunner, true),
      afterTransactionRollback: (e) => this.transactionEnded(e.queryRunner, false),
    });
  }

  /** A transaction on `queryRunner` ended: a commit wakes the local relay. */
  private transactionEnded(queryRunner: QueryRunner | undefined, committed: boolean): void {
    if (!queryRunner || queryRunner.isTransactionActive) return; // a savepoint's end: the transaction goes on
    if (this.kickOnCommit.delete(queryRunner) && committed) this.relay?.kick();
  }

  /** '' (no NOTIFY) when the local relay will be kicked instead. */
  private notifyChannel(tx: EntityManager): string {
    const qr = tx.queryRunner;
    if (!this.relay?.isActive || !qr?.isTransactionActive) return this.channel;
    this.kickOnCommit.add(qr);
    return '';
  }

  private published(tx: EntityManager, count: number): void {
    this.metrics.published += count;
    // Written without a transaction of the caller's: committed already.
    if (!tx.queryRunner?.isTransactionActive) this.relay?.kick();
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
