export type {
  Broker, BrokerRecord, TopicRecords, ConsumedMessage, ConsumedBatch, BatchContext, BatchHandler, SubscribeOptions, Subscription, TopicSpec,
} from './broker/broker.js';
export { KafkaBroker, noDelaySocketFactory, type KafkaBrokerOptions } from './broker/kafka-broker.js';
export { kafkaSecurityFromEnv, KafkaSecurityConfigError, KAFKA_SASL_MECHANISMS } from './broker/kafka-security.js';
export { InProcessBroker, type InProcessBrokerOptions } from './broker/in-process-broker.js';
export { murmur2, partitionForKey } from './broker/partitioner.js';
export { EventPublisher, envelopeHeaders, type PublishContext, type EventPublisherOptions } from './outbox/publisher.js';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/relay.js';
export { messagingMigration, type MigrationClass } from './outbox/migration.js';
export { EventConsumer, type EventConsumerOptions } from './consumer/consumer.js';
export type { BatchEventHandler, EventHandler, HandlerRegistration } from './consumer/handlers.js';
export type { RetryPolicy } from './consumer/retry-policy.js';
export { batchRuns } from './consumer/batch-runs.js';
export { withDefinitions } from './consumer/route-batch.js';
export { InboxRetention, DEFAULT_INBOX_RETENTION_DAYS, type InboxRetentionOptions } from './retention/inbox-retention.js';
export { RowRetention, type RowRetentionOptions } from './retention/row-retention.js';
export { DLQ_HEADERS, deadLetterRecord, deadLetterBatches, stripDeadLetterHeaders, type DeadLetter } from './consumer/dead-letter.js';
export { MessagingModule, MessagingHealth, MessagingRuntime, MESSAGING_OPTIONS, MESSAGING_BROKER, type MessagingModuleOptions } from './nest/messaging.module.js';
export { OnEvent, OnEvents, ON_EVENT_METADATA } from './nest/on-event.decorator.js';
export { PermanentError, isPermanentError } from './errors.js';
export { correlationStore, batchCorrelation, correlationLogFields, type CorrelationContext } from './correlation.js';
export { MessagingMetrics, type MessagingMetricsSnapshot } from './metrics.js';
export type { MessagingLogger } from './logger.js';
export { preparedQuery, preparedRows, runWrites, combineWrites, MAX_PREPARED_STATEMENTS, type Statement } from './sql.js';
export { recordRunningSystem, forgetRunningSystem, findRunningSystem, runningSystemFile, type RunningSystemState } from './cli/running-system.js';
