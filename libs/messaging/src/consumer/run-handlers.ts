import type { EntityManager } from 'typeorm';
import { inEventContext } from './event-context.js';
import type { RoutedEvent } from './route-batch.js';

/**
 * Runs the handlers of one event, or one batch handler over a run of events (see `batchRuns`), in `tx`. A run
 * of a batch handler takes the correlation context of its first event.
 */
export async function runHandlers(run: RoutedEvent[], tx: EntityManager): Promise<void> {
  const first = run[0] as RoutedEvent;
  await inEventContext(first.envelope, async () => {
    for (const h of first.handlers) {
      if (h.handleBatch) await h.handleBatch(run.map((e) => e.envelope), tx);
      else await h.handle(first.envelope, tx);
    }
  });
}
