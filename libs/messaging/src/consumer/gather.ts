import type { BatchContext, ConsumedBatch } from '../broker/broker.js';

/** A broker batch waiting to be processed with the others of its topic, and the broker's promise for it. */
export interface GatheredBatch {
  batch: ConsumedBatch;
  ctx: BatchContext;
  resolve: () => void;
  reject: (e: Error) => void;
}

/**
 * Gathers the batches of one topic handed over in the same turn of the event loop (the partitions of one fetch,
 * when partitionsConsumedConcurrently lets them in together), so that they are processed as one (decision
 * messaging-004). Each batch's promise settles when `process` settles it.
 */
export class BatchGatherer {
  private readonly gathering = new Map<string, GatheredBatch[]>();

  /** `process` must settle every batch of the group itself. */
  constructor(private readonly process: (group: GatheredBatch[]) => Promise<void>) {}

  add(batch: ConsumedBatch, ctx: BatchContext): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let gathered = this.gathering.get(batch.topic);
      if (!gathered) {
        const group: GatheredBatch[] = [];
        gathered = group;
        this.gathering.set(batch.topic, group);
        setImmediate(() => {
          this.gathering.delete(batch.topic);
          // For a bug in `process`, not to hang the partitions.
          this.process(group).catch((e: unknown) => { for (const g of group) g.reject(e as Error); });
        });
      }
      gathered.push({ batch, ctx, resolve, reject });
    });
  }
}

/**
 * Commits each batch's offset (always after the DB commit) and settles its promise. A batch whose partition
 * moved to another member is left uncommitted: that member redelivers it, and the inbox dedupes.
 */
export async function commitOffsets(group: readonly GatheredBatch[]): Promise<void> {
  await Promise.all(group.map(async ({ batch, ctx, resolve, reject }) => {
    if (ctx.isStale()) return resolve();
    const last = batch.messages[batch.messages.length - 1]!;
    try {
      await ctx.commit((BigInt(last.offset) + 1n).toString());
      resolve();
    } catch (e) {
      reject(e as Error);
    }
  }));
}
