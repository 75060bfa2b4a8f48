import { Inject, Injectable, Logger, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { EventCatalog } from '@replenish/contracts';
import { DataSource } from 'typeorm';
import type { Broker } from '../broker/broker.js';
import { EventConsumer } from '../consumer/consumer.js';
import type { HandlerRegistration } from '../consumer/handlers.js';
import type { RetryPolicy } from '../consumer/retry-policy.js';
import { DEFAULT_INBOX_RETENTION_DAYS, InboxRetention } from '../retention/inbox-retention.js';
import { MessagingMetrics } from '../metrics.js';
import { EventPublisher } from '../outbox/publisher.js';
import { OutboxRelay, type OutboxRelayOptions } from '../outbox/relay.js';
import { isBatchHandler, onEventDefinitions, onEventWhen } from './on-event.decorator.js';

export interface MessagingModuleOptions {
  /** Event source, and consumer group unless groupId is given. */
  serviceName: string;
  /** Consumer group; defaults to serviceName. Separate deployments (or test runs) sharing a Kafka set their own. */
  groupId?: string;
  /** PostgreSQL schema holding outbox and inbox (messagingMigration(schema) creates them). */
  schema: string;
  broker: Broker;
  /** Validates consumed messages. Default: the contracts' eventCatalog (+ any handled definition). */
  catalog?: EventCatalog;
  retry?: Partial<RetryPolicy>;
  /**
   * Batches of different partitions let in at once. Those of one topic that arrive together are processed as
   * one transaction (EventConsumer.processBatch), so this is also how many partitions one transaction can
   * gather. Default 32 (more than the partitions of a fetch: 6 per hot topic).
   */
  partitionsConsumedConcurrently?: number;
  relay?: Pick<OutboxRelayOptions, 'batchSize' | 'pollIntervalMs' | 'standbyRetryMs'>;
  /**
   * Days an applied event stays in the inbox; older rows are purged hourly (InboxRetention); 0 keeps them
   * forever. Must be at least the retention of the consumed topics, else a replay from the start of a topic
   * applies again the events whose rows were purged. Default 8 (Kafka's default retention is 7 days). Always 0
   * on the in-process broker, whose log is never trimmed.
   */
  inboxRetentionDays?: number;
  /** Close the broker on application shutdown. Default true; false when several apps share one broker. */
  closeBroker?: boolean;
  /** Start consumers / the relay on bootstrap. Both default true (tests may turn one off). */
  consume?: boolean;
  relayEnabled?: boolean;
}

export const MESSAGING_OPTIONS = 'REPLENISH_MESSAGING_OPTIONS';
/** Injection token of the `Broker` given to forRoot. */
export const MESSAGING_BROKER = 'REPLENISH_MESSAGING_BROKER';

/** For /health: the broker answers, and how many outbox rows wait for the relay. */
@Injectable()
export class MessagingHealth {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MessagingMetrics) private readonly metrics: MessagingMetrics,
  ) {}

  async check(): Promise<{ broker: boolean; relayLagRows: number }> {
    const [broker, lag] = await Promise.all([
      this.options.broker.healthCheck(),
      this.dataSource
        .query(`SELECT count(*)::int AS n FROM "${this.options.schema}".outbox`)
        .then((r: Array<{ n: number }>) => r[0]?.n ?? -1)
        .catch(() => -1),
    ]);
    if (lag >= 0) this.metrics.relayLag = lag;
    return { broker, relayLagRows: lag };
  }
}

/** Starts the relay, the consumer and the inbox retention on bootstrap, stops them before the DataSource closes. */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  relay?: OutboxRelay;
  consumer?: EventConsumer;
  inboxRetention?: InboxRetention;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(MessagingMetrics) private readonly metrics: MessagingMetrics,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
  ) {}

  /** Every `@OnEvent` method of every (singleton) provider and controller. */
  discoverHandlers(): HandlerRegistration[] {
    const out: HandlerRegistration[] = [];
    const seen = new Set<object>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || seen.has(instance) || !wrapper.isDependencyTreeStatic()) continue;
      seen.add(instance);
      const proto = Object.getPrototypeOf(instance) as object | null;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const method = instance[name];
        const defs = onEventDefinitions(method);
        if (!defs || typeof method !== 'function') continue;
        const call = (arg: unknown, tx: unknown) => (method as (...a: unknown[]) => Promise<void>).call(instance, arg, tx);
        const id = `${instance.constructor.name}.${name}`;
        const when = onEventWhen(method);
        out.push({ ...(isBatchHandler(method) ? { defs, name: id, handleBatch: call } : { defs, name: id, handle: call }), ...(when ? { when } : {}) });
      }
    }
    return out;
  }

  async onApplicationBootstrap(): Promise<void> {
    const o = this.options;
    const logger = {
      log: (m: string) => this.logger.log(m),
      warn: (m: string) => this.logger.warn(m),
      error: (m: string) => this.logger.error(m),
      debug: (m: string) => this.logger.debug(m),
    };
    if (o.relayEnabled ?? true) {
      this.relay = new OutboxRelay({ dataSource: this.dataSource, schema: o.schema, broker: o.broker, metrics: this.metrics, logger, ...o.relay });
      this.publisher.attachRelay(this.relay, this.dataSource);
      this.relay.start();
    }
    // Not tied to `consume`: the inbox is the schema's, and other replicas may be the ones filling it. The
    // in-process broker never trims its log: any event can be replayed, so its inbox must remember them all.
    const retentionDays = o.broker.kind === 'in-process' ? 0 : (o.inboxRetentionDays ?? DEFAULT_INBOX_RETENTION_DAYS);
    if (retentionDays !== 0) {
      this.inboxRetention = new InboxRetention({ dataSource: this.dataSource, schema: o.schema, retentionDays, metrics: this.metrics, logger });
      this.inboxRetention.start();
    }
    const handlers = this.discoverHandlers();
    if ((o.consume ?? true) && handlers.length > 0) {
      this.consumer = new EventConsumer({
        broker: o.broker,
        dataSource: this.dataSource,
        schema: o.schema,
        groupId: o.groupId ?? o.serviceName,
        handlers,
        catalog: o.catalog,
        retry: o.retry,
        partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 32,
        metrics: this.metrics,
        logger,
      });
      await this.consumer.start();
      this.logger.log(`group ${o.groupId ?? o.serviceName} consuming ${this.consumer.topics.join(', ')} (${handlers.map((h) => h.name).join(', ')})`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Consumer first: its in-flight batch may still publish into the outbox, which the relay then ships.
    await this.consumer?.close();
    this.consumer = undefined;
    await this.relay?.stop();
    this.relay = undefined;
    await this.inboxRetention?.stop();
    this.inboxRetention = undefined;
    if (this.options.closeBroker ?? true) await this.options.broker.close();
  }
}

@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    const metrics = new MessagingMetrics();
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: MESSAGING_BROKER, useValue: options.broker },
        { provide: MessagingMetrics, useValue: metrics },
        { provide: EventPublisher, useValue: new EventPublisher({ serviceName: options.serviceName, schema: options.schema, metrics }) },
        MessagingHealth,
        MessagingRuntime,
      ],
      exports: [EventPublisher, MessagingHealth, MessagingMetrics, MESSAGING_BROKER, MessagingRuntime],
    };
  }
}
