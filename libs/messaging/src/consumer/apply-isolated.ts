import type { QueryRunner } from 'typeorm';
import { errorMessage } from '../errors.js';
import type { MessagingLogger } from '../logger.js';
import { InfrastructureError, inTransaction, savepoint } from '../transaction.js';
import type { AppliedCounts, ApplyContext } from './apply-batch.js';
import { failedEventDeadLetter, type DeadLetter } from './dead-letter.js';
import { inBatchContext, inEventContext } from './event-context.js';
import { eventFault } from './fault.js';
import { pause, whileApplying } from './heartbeat.js';
import type { Inbox } from './inbox.js';
import { failureVerdict, type RetryPolicy } from './retry-policy.js';
import type { RoutedEvent } from './route-batch.js';
import { runHandlers } from './run-handlers.js';

export interface IsolatedOutcome extends AppliedCounts {
  /** Failed attempts that were tried again. */
  retries: number;
  /** Events that failed for good, in offset order. */
  deadLetters: DeadLetter[];
}

export interface IsolationContext extends ApplyContext {
  retry: RetryPolicy;
  logger: MessagingLogger;
}

/**
 * Applies a batch's events once `applyBatch` failed, until the failing events are found and dead-lettered and the
 * others committed: one at a time, each under a savepoint of one transaction (`applyEventByEvent`). When that
 * transaction's commit is refused for what the events wrote (`eventFault`: a deferred constraint, an effect written
 * just before COMMIT that breaks its contract), savepoints cannot tell whose effect it was: the events are split in
 * halves, each applied in its own transaction the same way, until the commit refused holds one event, which is
 * dead-lettered with the reason. A failure of the database itself is an `InfrastructureError`; what committed
 * before stays (the inbox skips it on redelivery).
 */
export async function applyIsolated(events: RoutedEvent[], context: IsolationContext): Promise<IsolatedOutcome> {
  try {
    return await applyEventByEvent(events, context);
  } catch (e) {
    const fault = e instanceof InfrastructureError ? eventFault(e) : undefined;
    if (fault === undefined) throw e;
    if (events.length === 1) {
      const ev = events[0] as RoutedEvent;
      return { applied: 0, duplicates: 0, retries: 0, deadLetters: [failedEventDeadLetter(ev, fault, 1)] };
    }
    inBatchContext(events.map((ev) => ev.envelope), () => context.logger.warn(`${events.length} events refused at commit (${fault}); splitting them`));
    const half = Math.ceil(events.length / 2);
    const first = await applyIsolated(events.slice(0, half), context);
    const second = await applyIsolated(events.slice(half), context);
    return {
      applied: first.applied + second.applied,
      duplicates: first.duplicates + second.duplicates,
      retries: first.retries + second.retries,
      deadLetters: [...first.deadLetters, ...second.deadLetters],
    };
  }
}

/** The events one at a time under savepoints of one transaction: a failing one is retried, then dead-lettered; the others commit. */
async function applyEventByEvent(events: RoutedEvent[], context: IsolationContext): Promise<IsolatedOutcome> {
  return inTransaction(context.dataSource, (qr) => whileApplying(qr.manager, context.beat, async () => {
    const outcome: IsolatedOutcome = { applied: 0, duplicates: 0, retries: 0, deadLetters: [] };
    const seen = new Set<string>();
    for (const ev of events) {
      if (seen.has(ev.envelope.id)) {
        outcome.duplicates++;
        continue;
      }
      seen.add(ev.envelope.id);
      await inEventContext(ev.envelope, () => applyEvent(qr, ev, context, outcome));
      await context.beat();
    }
    return outcome;
  }));
}

/** One event until it is applied (or found applied before) or dead-lettered; counts into `outcome`. */
async function applyEvent(qr: QueryRunner, ev: RoutedEvent, { inbox, retry, logger, beat }: IsolationContext, outcome: IsolatedOutcome): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (await applyUnderSavepoint(qr, ev, inbox)) outcome.applied++;
      else outcome.duplicates++;
      return;
    } catch (e) {
      if (e instanceof InfrastructureError) throw e;
      const verdict = failureVerdict(e, attempt, retry);
      if ('deadLetterReason' in verdict) {
        outcome.deadLetters.push(failedEventDeadLetter(ev, verdict.deadLetterReason, attempt));
        return;
      }
      outcome.retries++;
      const where = `${ev.message.topic}/${ev.message.partition}@${ev.message.offset} (${ev.envelope.type} ${ev.envelope.id})`;
      logger.warn(`${where} failed (attempt ${attempt}/${retry.attempts}), retrying in ${verdict.retryInMs} ms: ${errorMessage(e)}`);
      await pause(verdict.retryInMs, beat);
    }
  }
}

/** True when the event was applied, false when the inbox had it; a handler's error is rethrown after the rollback to the savepoint. */
async function applyUnderSavepoint(qr: QueryRunner, ev: RoutedEvent, inbox: Inbox): Promise<boolean> {
  await savepoint(qr, 'SAVEPOINT messaging_event');
  try {
    const fresh = await inbox.recordOne(qr.manager, ev.envelope);
    if (fresh) await runHandlers([ev], qr.manager);
    await savepoint(qr, 'RELEASE SAVEPOINT messaging_event');
    return fresh;
  } catch (e) {
    if (e instanceof InfrastructureError) throw e;
    await savepoint(qr, 'ROLLBACK TO SAVEPOINT messaging_event');
    throw e;
  }
}
