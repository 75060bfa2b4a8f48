import { Inject, Injectable, Module, Optional, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { eventCatalog } from '@replenish/contracts';
import { DataSource } from 'typeorm';
import { DEFAULT_INBOX_RETENTION_DAYS, InboxRetention } from '../retention/inbox-retention.js';
import { MessagingMetrics, type StuckPartition } from '../metrics.js';
import { EventPublisher } from '../outbox/publisher.js';
import { OutboxRelay } from '../outbox/relay.js';
import { MESSAGING_BROKER, MESSAGING_CATALOG, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options.js';
import { MessagingTransport, type ConsumerGroupStatus } from './messaging.transport.js';
import { nestLogger } from './nest-logger.js';
import { OutboxClient } from './outbox.client.js';
import { withTimeout } from '../util.js';

const RELAY_LAG_TIMEOUT_MS = 500;

/** For /health: the broker answers, how many outbox rows wait for the relay, the consumer group's membership, the partitions whose consumer is stuck (decisions messaging-010, -011). */
@Injectable()
export class MessagingHealth {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MessagingMetrics) private readonly metrics: MessagingMetrics,
    // Optional for a health read outside Nest (a test of stuck partitions): it then knows no consumer.
    @Optional() @Inject(MessagingTransport) private readonly transport?: MessagingTransport,
  ) {}

  async check(): Promise<{ broker: boolean; relayLagRows: number; stuck: StuckPartition[] }> {
    const [broker, lag] = await Promise.all([
      this.options.broker.healthCheck(),
      // Bounded: a database that hangs must not make the broker look down (-1: unknown).
      withTimeout(this.dataSource.query(`SELECT count(*)::int AS n FROM "${this.options.schema}".outbox`), RELAY_LAG_TIMEOUT_MS)
        .then((r: Array<{ n: number }>) => r[0]?.n ?? -1)
        .catch(() => -1),
    ]);
    if (lag >= 0) this.metrics.relayLag = lag;
    return { broker, relayLagRows: lag, stuck: this.stuck() };
  }

  /** The consumer's place in its group (read from memory: answers at once); undefined when the service consumes nothing. */
  consumers(): ConsumerGroupStatus | undefined {
    return this.transport?.consumerGroup();
  }

  stuck(): StuckPartition[] {
    return [...this.metrics.stuck.values()];
  }
}

/**
 * Starts the relay and the inbox retention on bootstrap (the consumer starts with the transport), stops the consumer,
 * the relay and the retention before the DataSource closes.
 */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  relay?: OutboxRelay;
  inboxRetention?: InboxRetention;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MessagingTransport) private readonly transport: MessagingTransport,
    @Inject(MessagingMetrics) private readonly metrics: MessagingMetrics,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const o = this.options;
    const logger = nestLogger('Messaging');
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
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Consumer first (Nest closes its transports only after these hooks): its in-flight batch may still publish
    // into the outbox, which the relay then ships.
    await this.transport.close();
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
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: MESSAGING_BROKER, useValue: options.broker },
        { provide: MESSAGING_CATALOG, useValue: options.catalog ?? eventCatalog },
        { provide: MessagingMetrics, useValue: metrics },
        { provide: EventPublisher, useValue: new EventPublisher({ serviceName: options.serviceName, schema: options.schema, metrics }) },
        MessagingHealth,
        MessagingRuntime,
        MessagingTransport,
        OutboxClient,
      ],
      exports: [EventPublisher, OutboxClient, MessagingHealth, MessagingMetrics, MESSAGING_BROKER, MessagingRuntime, MessagingTransport],
    };
  }
}
