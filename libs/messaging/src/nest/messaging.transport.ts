import { Catch, Inject, Injectable, type INestApplication, type RpcExceptionFilter } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { NestMicroservice } from '@nestjs/microservices';
import type { EventCatalog, EventEnvelope } from '@replenish/contracts';
import { isObservable, lastValueFrom, throwError, type Observable } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import type { GroupMembership } from '../broker/broker.js';
import { EventConsumer } from '../consumer/consumer.js';
import { errorMessage } from '../errors.js';
import type { HandlerRegistration } from '../consumer/handlers.js';
import { MessagingMetrics } from '../metrics.js';
import { Signal } from '../util.js';
import { withTransaction } from './ambient-transaction.js';
import { MessagingContext } from './messaging.context.js';
import { MESSAGING_CATALOG, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options.js';
import { nestLogger } from './nest-logger.js';

/**
 * What an `@EventPattern` may say besides its event type, as Nest's extras:
 * `@EventPattern(stockPositionChanged.type, { batch: true } satisfies EventPatternExtras)`.
 */
export interface EventPatternExtras {
  /** The handler gets the new events of a batch in one call, as an array (see `BatchEventHandler`). */
  batch?: boolean;
  /** The events the handler takes (see `HandlerRegistration.when`); the others are skipped without a transaction. */
  when?: (event: EventEnvelope) => boolean;
  /** Types of the handler's topic that are not this service's business (see `HandlerRegistration.ignores`); others no handler takes are dead-lettered. */
  ignores?: readonly string[];
}

/** A start that failed (the broker unreachable) is tried again after this long. */
const START_RETRY_MS = 5_000;

/** Where a service's consumer stands in its group (/health): a `GroupMembership`, or `starting` before the transport listens. */
export interface ConsumerGroupStatus extends Omit<GroupMembership, 'state'> {
  groupId: string;
  topics: string[];
  state: GroupMembership['state'] | 'starting';
}

/**
 * The messaging library as a Nest transport (decision messaging-009): `listen` turns every `@EventPattern` handler
 * of the application's controllers into a `HandlerRegistration` and starts one `EventConsumer` with them, so
 * batches, the inbox in the handler's transaction, offsets after commit, per-key order, retries and dead letters
 * are the consumer's, on Kafka or the in-process broker alike. A pattern is an event type of the catalog; a
 * handler gets `(event, MessagingContext)`, or `(events[], MessagingContext)` when declared with `{ batch: true }`.
 */
@Injectable()
export class MessagingTransport extends Server implements CustomTransportStrategy {
  private consumer?: EventConsumer;
  private listening = false;
  private closed = false;
  private closedAt = 0;
  /** Why the last start failed (the broker unreachable), while the start is tried again. */
  private startError?: string;
  private readonly created = Date.now();
  private readonly closing = new Signal();
  private readonly subscribed: { promise: Promise<void>; resolve: () => void };

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGING_CATALOG) private readonly catalog: EventCatalog,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MessagingMetrics) private readonly metrics: MessagingMetrics,
  ) {
    super();
    let resolve!: () => void;
    this.subscribed = { promise: new Promise<void>((r) => (resolve = r)), resolve };
  }

  /**
   * Starts the consumer and calls back once it subscribed. A start that fails (the broker unreachable) is tried again
   * every START_RETRY_MS until it succeeds or the transport closes: the service keeps serving HTTP meanwhile, and
   * /health says why it consumes nothing (`consumerGroup()`).
   */
  listen(callback: (error?: unknown) => void): void {
    this.listening = true;
    const handlers = handlerRegistrations(this.getHandlers(), this.catalog);
    if (!(this.options.consume ?? true) || handlers.length === 0) {
      this.subscribed.resolve();
      return callback();
    }
    const o = this.options;
    const groupId = o.groupId ?? o.serviceName;
    const logger = nestLogger('Messaging');
    const consumer = new EventConsumer({
      broker: o.broker, dataSource: this.dataSource, schema: o.schema, groupId, handlers, catalog: this.catalog, retry: o.retry,
      partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 32, metrics: this.metrics, logger,
    });
    this.consumer = consumer;
    void (async () => {
      while (!this.closed) {
        try {
          await consumer.start();
          this.startError = undefined;
          logger.log(`group ${groupId} consuming ${consumer.topics.join(', ')} (${handlers.map((h) => h.name).join(', ')})`);
          break;
        } catch (e) {
          if (this.closed) break;
          this.startError = errorMessage(e);
          logger.error(`group ${groupId}: cannot start consuming, trying again in ${START_RETRY_MS / 1000} s: ${this.startError}`);
          await this.closing.wait(START_RETRY_MS);
        }
      }
      this.subscribed.resolve();
      callback();
    })();
  }

  /** Resolves once the consumer subscribed (or closed, or there is nothing to consume); Kafka may still be completing the join (`consumerGroup()`). */
  whenSubscribed(): Promise<void> {
    return this.subscribed.promise;
  }

  /**
   * Where this service's consumer stands in its group, for /health: `starting` before the transport listens,
   * then the consumer's membership (with why its start failed while it is tried again); undefined when the service
   * consumes nothing.
   */
  consumerGroup(): ConsumerGroupStatus | undefined {
    const o = this.options;
    if (!(o.consume ?? true)) return undefined;
    const groupId = o.groupId ?? o.serviceName;
    if (this.closed) return { groupId, topics: this.consumer?.topics ?? [], state: 'left', since: this.closedAt };
    if (!this.consumer) return this.listening ? undefined : { groupId, topics: [], state: 'starting', since: this.created };
    const membership = this.consumer.membership();
    return { groupId, topics: this.consumer.topics, ...membership, ...(membership.state === 'joining' && this.startError && !membership.error ? { error: this.startError } : {}) };
  }

  /** Stops fetching and lets the batch in flight commit. Idempotent: MessagingRuntime calls it before the relay stops, Nest again later. */
  async close(): Promise<void> {
    if (!this.closed) this.closedAt = Date.now();
    this.closed = true;
    this.closing.fire();
    await this.consumer?.close();
  }

  on(): never {
    throw new Error('MessagingTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}

/**
 * One registration per `@EventPattern` method, in declaration order. Nest chains the handlers of one pattern and
 * runs a chain's handlers at once; the consumer runs them one after the other in the batch's transaction, so each
 * is taken off the chain.
 */
function handlerRegistrations(handlers: Map<string, MessageHandler>, catalog: EventCatalog): HandlerRegistration[] {
  const out: HandlerRegistration[] = [];
  for (const [pattern, head] of handlers) {
    const def = catalog.get(pattern);
    const chain: MessageHandler[] = [];
    for (let h: MessageHandler | undefined = head; h; h = h.next as MessageHandler | undefined) chain.push(h);
    chain.forEach((handler, i) => {
      if (!handler.isEventHandler) throw new Error(`@MessagePattern('${pattern}'): the messaging transport carries events only; declare the handler with @EventPattern`);
      if (!def) throw new Error(`@EventPattern('${pattern}'): no event type ${pattern} in the catalog (a pattern is an event type, e.g. stockMoveDone.type)`);
      handler.next = undefined;
      const extras = (handler.extras ?? {}) as EventPatternExtras;
      const call = (data: unknown, tx: EntityManager) => runHandler(handler, data, new MessagingContext([tx, pattern]));
      const name = `@EventPattern('${pattern}')${chain.length > 1 ? `#${i + 1}` : ''}`;
      out.push({ defs: def, name, ...(extras.batch ? { handleBatch: call } : { handle: call }), ...(extras.when ? { when: extras.when } : {}), ...(extras.ignores ? { ignores: extras.ignores } : {}) });
    });
  }
  return out;
}

/** A Nest handler in the batch's transaction (also the one `OutboxClient.emit` writes in), its stream awaited. */
async function runHandler(handler: MessageHandler, data: unknown, ctx: MessagingContext): Promise<void> {
  const result: unknown = await withTransaction(ctx.getManager(), () => handler(data, ctx));
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}

/**
 * Hands a handler's error, as thrown, back to the consumer: Nest's default RPC filter would log it and replace it
 * with 'Internal server error', losing a PermanentError's reason and every retry's message.
 */
@Catch()
class HandlerErrorsToConsumer implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * Connects the application's `MessagingTransport` (`app.connectMicroservice({ strategy })`); then
 * `app.startAllMicroservices()` starts consuming. The listeners are registered at start, after the filter that
 * keeps handlers' errors as thrown; the application's lifecycle hooks have run already and are not run again.
 */
export function connectMessagingTransport(app: INestApplication): void {
  const microservice = app.connectMicroservice({ strategy: app.get(MessagingTransport) }, { deferInitialization: true });
  microservice.useGlobalFilters(new HandlerErrorsToConsumer());
  (microservice as unknown as NestMicroservice).setIsInitHookCalled(true);
}
