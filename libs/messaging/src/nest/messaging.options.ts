import type { EventCatalog } from '@replenish/contracts';
import type { Broker } from '../broker/broker.js';
import type { RetryPolicy } from '../consumer/retry-policy.js';
import type { OutboxRelayOptions } from '../outbox/relay.js';

export interface MessagingModuleOptions {
  /** Event source, and consumer group unless groupId is given. */
  serviceName: string;
  /** Consumer group; defaults to serviceName. Separate deployments (or test runs) sharing a Kafka set their own. */
  groupId?: string;
  /** PostgreSQL schema holding outbox and inbox (messagingMigration(schema) creates them). */
  schema: string;
  broker: Broker;
  /**
   * The event types: `@EventPattern` and `OutboxClient.emit` patterns name them, consumed messages are validated
   * against them. Default: the contracts' eventCatalog.
   */
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
  /** Consume when the transport listens / start the relay on bootstrap. Both default true (tests may turn one off). */
  consume?: boolean;
  relayEnabled?: boolean;
}

export const MESSAGING_OPTIONS = 'REPLENISH_MESSAGING_OPTIONS';
/** Injection token of the `Broker` given to forRoot. */
export const MESSAGING_BROKER = 'REPLENISH_MESSAGING_BROKER';
/** Injection token of the module's `EventCatalog`. */
export const MESSAGING_CATALOG = 'REPLENISH_MESSAGING_CATALOG';
