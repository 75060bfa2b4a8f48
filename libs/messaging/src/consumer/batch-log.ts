import type { ConsumedBatch } from '../broker/broker.js';
import type { MessagingLogger } from '../logger.js';

/** What became of a group of batches (see `BatchGatherer`). */
export interface BatchReport {
  groupId: string;
  batches: readonly ConsumedBatch[];
  applied: number;
  duplicates: number;
  deadLettered: number;
  retries: number;
  /** A handler failed and the events were applied one at a time. */
  isolated: boolean;
  /** From the start of processing to the DB commit and the dead letters' publish. */
  ms: number;
}

/** `topic/partition@first..last` of each batch. */
export const batchPositions = (batches: readonly ConsumedBatch[]): string =>
  batches.map((b) => `${b.topic}/${b.partition}@${b.messages[0]?.offset}..${b.messages[b.messages.length - 1]?.offset}`).join(', ');

/**
 * One line per group of batches. At info only when something went wrong in it (a handler failed, an event was
 * retried or dead-lettered); a batch applied at once is logged at debug. A consumer fetches each topic as often
 * as every 100 ms, so under a steady 500 events/s every service would write several lines a second per topic at
 * info, and those would drown the lines that need someone's attention.
 */
export function logBatch(logger: MessagingLogger, r: BatchReport): void {
  const count = r.batches.reduce((n, b) => n + b.messages.length, 0);
  const line = `group ${r.groupId}: batch ${batchPositions(r.batches)}: ${count} messages, ${r.applied} applied, ${r.duplicates} duplicates, `
    + `${r.deadLettered} dead-lettered, ${r.retries} retries${r.isolated ? ', isolated after a failure' : ''}, ${r.ms} ms`;
  if (r.isolated || r.deadLettered > 0 || r.retries > 0) logger.log(line);
  else logger.debug?.(line);
}

const TRACE = process.env.MESSAGING_TRACE_BATCHES === '1';

/**
 * `MESSAGING_TRACE_BATCHES=1`: one line to stderr per group of batches, with the age of its oldest message and
 * the time spent in the database and on the offset commit (decision messaging-004).
 */
export function traceBatch(groupId: string, batches: readonly ConsumedBatch[], events: number, startedAt: number, committedDbAt: number): void {
  if (!TRACE) return;
  const age = startedAt - Math.min(...batches.map((b) => b.messages[0]!.timestamp));
  process.stderr.write(`[trace ${groupId}] ${batchPositions(batches)} events=${events} age=${age} db=${committedDbAt - startedAt} commit=${Date.now() - committedDbAt}\n`);
}
