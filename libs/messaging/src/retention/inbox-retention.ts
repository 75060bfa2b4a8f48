import type { DataSource } from 'typeorm';
import { consoleLogger, type MessagingLogger } from '../logger.js';
import { MessagingMetrics } from '../metrics.js';
import { RowRetention } from './row-retention.js';

/**
 * Longer than Kafka's default topic retention (7 days), so a replay from the start of a topic still finds
 * every event it can redeliver in the inbox (decision messaging-003, "Inbox retention").
 */
export const DEFAULT_INBOX_RETENTION_DAYS = 8;

export interface InboxRetentionOptions {
  dataSource: DataSource;
  /** Schema holding the `inbox` table. */
  schema: string;
  /** Rows processed longer ago than this many days are deleted; 0 keeps them forever. Default 8. */
  retentionDays?: number;
  /** Rows deleted per statement (each its own short transaction). Default 10 000. */
  chunkSize?: number;
  /** Pause between runs. Default 1 hour. */
  intervalMs?: number;
  /** Delay of the first run, to stay out of the way of startup. Default 1 minute. */
  initialDelayMs?: number;
  metrics?: MessagingMetrics;
  logger?: MessagingLogger;
}

/**
 * The inbox's retention: it only has to remember events that can still be delivered again, and nothing else
 * ever deletes its rows (one per applied event). Counts what it deletes in `inboxPurged`.
 */
export class InboxRetention extends RowRetention {
  constructor(options: InboxRetentionOptions) {
    const metrics = options.metrics ?? new MessagingMetrics();
    super({
      ...options,
      table: 'inbox',
      column: 'processed_at',
      what: 'inbox rows processed',
      retentionDays: options.retentionDays ?? DEFAULT_INBOX_RETENTION_DAYS,
      logger: options.logger ?? consoleLogger(`inbox-retention ${options.schema}`),
      onPurged: (n) => {
        metrics.inboxPurged += n;
      },
    });
  }
}
