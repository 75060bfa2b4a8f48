/**
 * Plain counters (no prom-client here: service-kit owns /metrics and reads `snapshot()`).
 * One instance per MessagingModule (per service).
 */
export class MessagingMetrics {
  /** Events written to the outbox (counted when `publish` returns, before the caller commits). */
  published = 0;
  /** Outbox rows handed to the broker by the relay. */
  relayed = 0;
  /** Events whose handlers ran and committed (duplicates not included). */
  consumed = 0;
  /** Redelivered events skipped because the inbox already had them. */
  duplicates = 0;
  /** Events sent to a dead-letter topic. */
  deadLettered = 0;
  /** Handler attempts that failed and were retried. */
  retries = 0;
  /** Outbox rows not yet relayed, as last seen by the relay or the health check. */
  relayLag = 0;
  /** Inbox rows deleted by the inbox retention (InboxRetention). */
  inboxPurged = 0;
  /** VACUUMs of the outbox run by the relay (OutboxRelayOptions.vacuumEveryRows). */
  outboxVacuums = 0;
  /** Messages of a type a handler ignores on its topic (`HandlerRegistration.ignores`), skipped. */
  ignored = 0;
  /** Batches left unprocessed for redelivery (the database or broker failed). */
  redeliveries = 0;
  /**
   * Partitions whose consumer keeps failing on the same offset (`EventConsumerOptions.stuckAfterFailures` times
   * in a row or more), by `group/topic/partition`; /health reports them. Cleared when the batch goes through.
   */
  readonly stuck = new Map<string, StuckPartition>();

  snapshot(): MessagingMetricsSnapshot {
    return {
      published: this.published,
      relayed: this.relayed,
      consumed: this.consumed,
      duplicates: this.duplicates,
      deadLettered: this.deadLettered,
      retries: this.retries,
      relayLag: this.relayLag,
      inboxPurged: this.inboxPurged,
      outboxVacuums: this.outboxVacuums,
      ignored: this.ignored,
      redeliveries: this.redeliveries,
      stuckPartitions: this.stuck.size,
    };
  }
}

export interface MessagingMetricsSnapshot {
  published: number;
  relayed: number;
  consumed: number;
  duplicates: number;
  deadLettered: number;
  retries: number;
  relayLag: number;
  inboxPurged: number;
  outboxVacuums: number;
  ignored: number;
  redeliveries: number;
  stuckPartitions: number;
}

/** A partition a consumer cannot get past: where, how many failures in a row, the last error. */
export interface StuckPartition {
  groupId: string;
  topic: string;
  partition: number;
  offset: string;
  failures: number;
  reason: string;
}
