/** The single place where service-kit touches @replenish/messaging. */
export {
  MessagingModule,
  connectMessagingTransport,
  MessagingTransport,
  MessagingHealth,
  MessagingMetrics as MessagingCounters,
  messagingMigration,
  KafkaBroker,
  kafkaSecurityFromEnv,
  KafkaSecurityConfigError,
  InProcessBroker,
  correlationStore,
  correlationLogFields,
  DEFAULT_INBOX_RETENTION_DAYS,
  MESSAGING_BROKER,
  listDeadLetters,
  replayDeadLetters,
} from '@replenish/messaging';
export type { Broker, ConsumerGroupStatus, MessagingMetricsSnapshot, StuckPartition, DeadLetterEntry } from '@replenish/messaging';
