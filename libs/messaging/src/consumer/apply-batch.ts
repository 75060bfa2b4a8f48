import type { DataSource } from 'typeorm';
import { errorMessage } from '../errors.js';
import { InfrastructureError, inTransaction } from '../transaction.js';
import { batchRuns } from './batch-runs.js';
import { whileApplying, type Heartbeat } from './heartbeat.js';
import type { Inbox } from './inbox.js';
import type { RoutedEvent } from './route-batch.js';
import { runHandlers } from './run-handlers.js';

export interface AppliedCounts {
  /** Events whose handlers ran and committed. */
  applied: number;
  /** Events skipped: applied before (the inbox has them), or twice in this batch. */
  duplicates: number;
}

export interface ApplyContext {
  dataSource: DataSource;
  inbox: Inbox;
  beat: Heartbeat;
}

/**
 * Applies a batch's events in ONE transaction: their ids go into the inbox in one statement, and the handlers
 * run for the new ones only (runs of one batch handler in one call). A handler's error rolls the whole
 * transaction back and is rethrown; a failure of the database is an `InfrastructureError`.
 */
export async function applyBatch(events: RoutedEvent[], { dataSource, inbox, beat }: ApplyContext): Promise<AppliedCounts> {
  return inTransaction(dataSource, async (qr) => {
    let fresh: Set<string>;
    try {
      fresh = await inbox.recordMany(qr.manager, events.map((e) => e.envelope));
    } catch (e) {
      throw new InfrastructureError(`inbox insert failed: ${errorMessage(e)}`, { cause: e });
    }
    const todo = events.filter((ev) => fresh.delete(ev.envelope.id)); // others: applied before, or twice in this batch
    await whileApplying(qr.manager, beat, async () => {
      for (const run of batchRuns(todo)) {
        await runHandlers(run, qr.manager);
        await beat();
      }
    });
    return { applied: todo.length, duplicates: events.length - todo.length };
  });
}
