import type { DataSource } from 'typeorm';
import { errorMessage } from '../errors.js';
import { consoleLogger, type MessagingLogger } from '../logger.js';
import { ident } from '../sql.js';

export interface RowRetentionOptions {
  dataSource: DataSource;
  schema: string;
  table: string;
  /** The timestamp a row's age is taken from. */
  column: string;
  /** What the rows are, in log lines: "inbox rows processed", "idempotency keys stored". */
  what: string;
  /** Rows older than this many days are deleted; 0 keeps them forever. */
  retentionDays: number;
  /** Rows deleted per statement (each its own short transaction). Default 10 000. */
  chunkSize?: number;
  /** Pause between runs. Default 1 hour. */
  intervalMs?: number;
  /** Delay of the first run, to stay out of the way of startup. Default 1 minute. */
  initialDelayMs?: number;
  /** Told each committed chunk's count (a metric). */
  onPurged?: (rows: number) => void;
  logger?: MessagingLogger;
}

/**
 * Deletes a table's rows older than a retention, on a timer: for tables that only ever grow (the messaging
 * inbox, the REST idempotency keys) and whose rows matter only for a while.
 * Rows go in chunks of `chunkSize`, each chunk one statement, so a run never holds a large transaction or
 * many locks. Rows are picked by ctid and locked in the same statement that deletes them.
 * Several replicas may purge the same table at once: SKIP LOCKED makes them take different rows.
 */
export class RowRetention {
  readonly retentionDays: number;
  private readonly chunkSize: number;
  private readonly intervalMs: number;
  private readonly initialDelayMs: number;
  private readonly logger: MessagingLogger;
  private readonly deleteChunk: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;

  constructor(private readonly options: RowRetentionOptions) {
    this.retentionDays = options.retentionDays;
    this.chunkSize = options.chunkSize ?? 10_000;
    this.intervalMs = options.intervalMs ?? 60 * 60 * 1000;
    this.initialDelayMs = options.initialDelayMs ?? 60 * 1000;
    // A negative retention would put the cutoff in the future and empty the table.
    if (!Number.isInteger(this.retentionDays) || this.retentionDays < 0) throw new Error(`${options.table} retentionDays must be an integer >= 0, got ${this.retentionDays}`);
    if (!Number.isInteger(this.chunkSize) || this.chunkSize < 1) throw new Error(`${options.table} retention chunkSize must be an integer >= 1, got ${this.chunkSize}`);
    this.logger = options.logger ?? consoleLogger(`${options.table}-retention ${options.schema}`);
    const table = `${ident(options.schema)}.${ident(options.table)}`;
    // The CTE turns the deleted rows into a count whatever the driver returns for a bare DELETE.
    this.deleteChunk = `WITH deleted AS (
        DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
          SELECT ctid FROM ${table} WHERE ${ident(options.column)} < now() - make_interval(days => $1::int)
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
      // Told per chunk: each chunk has committed, even if a later one fails.
      this.options.onPurged?.(n);
    } while (n >= this.chunkSize && !this.stopping);
    if (deleted > 0) this.logger.log(`${this.options.table} retention: deleted ${deleted} ${this.options.what} more than ${this.retentionDays} days ago (${Date.now() - t0} ms)`);
    return deleted;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.purge()
        .then(
          () => undefined,
          (e: unknown) => this.logger.error(`${this.options.table} retention run failed, next in ${this.intervalMs} ms: ${errorMessage(e)}`),
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
