import type { DataSource } from 'typeorm';
import { errorMessage } from '../errors.js';
import { consoleLogger, type MessagingLogger } from '../logger.js';
import { MessagingMetrics } from '../metrics.js';
import { ident } from '../sql.js';

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
 * Deletes inbox rows older than the retention, on a timer. The inbox only has to remember events that can
 * still be delivered again, and nothing else ever deletes its rows (one per applied event).
 * Rows go in chunks of `chunkSize`, each chunk one statement, so a run never holds a large transaction or
 * many locks; the rows are never updated, so their ctid is stable between the select and the delete.
 * Several replicas may purge the same schema at once: SKIP LOCKED makes them take different rows.
 */
export class InboxRetention {
  readonly retentionDays: number;
  private readonly chunkSize: number;
  private readonly intervalMs: number;
  private readonly initialDelayMs: number;
  private readonly metrics: MessagingMetrics;
  private readonly logger: MessagingLogger;
  private readonly deleteChunk: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;

  constructor(private readonly options: InboxRetentionOptions) {
    this.retentionDays = options.retentionDays ?? DEFAULT_INBOX_RETENTION_DAYS;
    this.chunkSize = options.chunkSize ?? 10_000;
    this.intervalMs = options.intervalMs ?? 60 * 60 * 1000;
    this.initialDelayMs = options.initialDelayMs ?? 60 * 1000;
    // A negative retention would put the cutoff in the future and empty the inbox.
    if (!Number.isInteger(this.retentionDays) || this.retentionDays < 0) throw new Error(`inbox retentionDays must be an integer >= 0, got ${this.retentionDays}`);
    if (!Number.isInteger(this.chunkSize) || this.chunkSize < 1) throw new Error(`inbox retention chunkSize must be an integer >= 1, got ${this.chunkSize}`);
    this.metrics = options.metrics ?? new MessagingMetrics();
    this.logger = options.logger ?? consoleLogger(`inbox-retention ${options.schema}`);
    const inbox = `${ident(options.schema)}.inbox`;
    // The CTE turns the deleted rows into a count whatever the driver returns for a bare DELETE.
    this.deleteChunk = `WITH deleted AS (
        DELETE FROM ${inbox} WHERE ctid = ANY(ARRAY(
          SELECT ctid FROM ${inbox} WHERE processed_at < now() - make_interval(days => $1::int)
          LIMIT $2 FOR UPDATE SKIP LOCKED))
        RETURNING 1)
      SELECT count(*)::int AS n FROM deleted`;
  }

  /** Purges after `initialDelayMs`, then every `intervalMs` after a run ends. No-op when retention is 0. */
  start(): void {
    if (this.retentionDays === 0 || this.timer || this.running) return;
    this.stopping = false;
    this.schedule(this.initialDelayMs);
  }

  /** Cancels the next run and waits for the current one to finish its chunk. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Deletes every row older than the retention, chunk by chunk; returns how many went. */
  async purge(): Promise<number> {
    if (this.retentionDays === 0) return 0;
    const t0 = Date.now();
    let deleted = 0;
    let n: number;
    do {
      const rows = (await this.options.dataSource.query(this.deleteChunk, [this.retentionDays, this.chunkSize])) as Array<{ n: number }>;
      n = rows[0]?.n ?? 0;
      deleted += n;
      // Counted per chunk: each chunk has committed, even if a later one fails.
      this.metrics.inboxPurged += n;
    } while (n >= this.chunkSize && !this.stopping);
    if (deleted > 0) this.logger.log(`inbox retention: deleted ${deleted} inbox rows processed more than ${this.retentionDays} days ago (${Date.now() - t0} ms)`);
    return deleted;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.purge()
        .then(
          () => undefined,
          (e: unknown) => this.logger.error(`inbox retention run failed, next in ${this.intervalMs} ms: ${errorMessage(e)}`),
        )
        .finally(() => {
          this.running = undefined;
          if (!this.stopping) this.schedule(this.intervalMs);
        });
    }, ms);
    // A pending purge must not keep a process alive that has nothing else to do.
    this.timer.unref();
  }
}
