/**
 * Kafka header names every event carries next to its envelope (values are UTF-8 text). The outbox relay of
 * libs/messaging sets the first four on every event, and `actor` (who asked: a token's subject, an API key's
 * name) on events published while serving an authenticated request; consumers trust the envelope, headers are
 * for routing and operators.
 */
export const eventHeaders = {
  type: 'event-type',
  schemaVersion: 'schema-version',
  id: 'event-id',
  correlationId: 'correlation-id',
  actor: 'actor',
} as const;

/** Kafka header names a dead-lettered message carries on `<topic>.dlq`, in addition to its original headers. */
export const deadLetterHeaders = {
  reason: 'dlq-reason',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  eventType: 'dlq-event-type',
  eventId: 'dlq-event-id',
  consumerGroup: 'dlq-consumer-group',
  failedAt: 'dlq-failed-at',
  attempts: 'dlq-attempts',
} as const;
