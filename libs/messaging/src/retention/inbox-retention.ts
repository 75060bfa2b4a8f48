import { consoleLogger } from '../logger.js';
import { MessagingMetrics } from '../metrics.js';
import { RowRetention, type RowRetentionOptions } from './row-retention.js';

/**
 * Longer than Kafka's default topic retention (7 days), so a replay from the start of a topic still finds
 * every event it can redeliver in the inbox (decision messaging-003, "Inbox retention").
 */
export const DEFAULT_INBOX_RETENTION_DAYS = 8;

export interface InboxRetentionOptions extends Pick<RowRetentionOptions, 'dataSource' | 'chunkSize' | 'intervalMs' | 'initialDelayMs' | 'logger'> {
  /** Schema holding the `inbox` table. */
  schema: string;
  /** Rows processed longer ago than this many days are deleted; 0 keeps them forever. Default 8. */
  retentionDays?: number;
  metrics?: MessagingMetrics;
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
