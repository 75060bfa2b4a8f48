/** One partition's next offset to commit. */
export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

export interface OffsetCommitterOptions {
  /** Sends one commit request for these partitions. */
  commit(offsets: PartitionOffset[]): Promise<void>;
  /** At most one commit request per interval, in ms. 0 commits each mark at once. */
  intervalMs: number;
  /** A commit that failed (rebalance, broker down): its partitions are redelivered and the inbox dedupes them. */
  onError(e: Error, offsets: PartitionOffset[]): void;
}

/**
 * Coalesces offset commits (decision messaging-005). A batch's offsets are marked once its transaction has
 * committed; the marks go to Kafka in one request per interval, never more than one in flight. Committing is
 * only about where a restarted group resumes: the inbox already makes redelivery harmless, so a commit that is
 * late or lost costs a replay of at most an interval's events, never a duplicate effect. Kafka pays for each
 * OffsetCommit (an append to __consumer_offsets); one per partition per batch was a third of its CPU at 500
 * events/s.
 */
export class OffsetCommitter {
  private pending = new Map<string, PartitionOffset>();
  /** Commits in order, one at a time. */
  private chain: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private last = 0;
  private closing = false;

  constructor(private readonly options: OffsetCommitterOptions) {}

  /**
   * Marks `offset` as the partition's next offset to commit. While closing, commits at once and resolves after
   * the commit: the group is left right after the last batch, and a later commit would be refused.
   */
  mark(next: PartitionOffset): Promise<void> {
    const key = `${next.topic}/${next.partition}`;
    const had = this.pending.get(key);
    if (!had || BigInt(had.offset) < BigInt(next.offset)) this.pending.set(key, next);
    if (this.closing || this.options.intervalMs === 0) return this.flush();
    this.schedule();
    return Promise.resolve();
  }

  /** From now on every mark commits at once; commits what is pending. */
  async close(): Promise<void> {
    this.closing = true;
    await this.flush();
  }

  /** Sends what is pending now, after the commit in flight, if any. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.chain = this.chain.then(() => this.send());
    return this.chain;
  }

  private async send(): Promise<void> {
    if (this.pending.size === 0) return;
    const offsets = [...this.pending.values()];
    this.pending = new Map();
    this.last = Date.now();
    await this.options.commit(offsets).catch((e: unknown) => this.options.onError(e as Error, offsets));
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.options.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().then(() => {
        if (this.pending.size > 0) this.schedule();
      });
    }, wait);
    this.timer.unref();
  }
}
