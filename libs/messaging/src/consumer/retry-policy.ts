import { errorMessage } from '../errors.js';
import { backoffMs } from '../util.js';
import { eventFault } from './fault.js';

export interface RetryPolicy {
  /** Attempts of one failing event in isolation before it is dead-lettered. Default 5. */
  attempts: number;
  /** First backoff; doubles each attempt. Default 200 ms. */
  baseMs: number;
  /** Backoff cap. Default 5000 ms. */
  maxMs: number;
}

/**
 * Five attempts, 3 s of backoff between them (0.2 + 0.4 + 0.8 + 1.6 s): long enough to ride out a passing failure
 * (a deadlock, a lock timeout), short enough that a poison event holds its partition back for seconds only.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, baseMs: 200, maxMs: 5000 };

/** What becomes of an event whose handler failed: tried again after a backoff, or dead-lettered with a reason. */
export type FailureVerdict = { retryInMs: number } | { deadLetterReason: string };

/**
 * The verdict on attempt `attempt` (from 1) of an event that threw `error`: the event's own fault (`eventFault`: a
 * `PermanentError`, a contract, domain, data or constraint error) is never retried.
 */
export function failureVerdict(error: unknown, attempt: number, policy: RetryPolicy): FailureVerdict {
  const fault = eventFault(error);
  if (fault !== undefined) return { deadLetterReason: fault };
  if (attempt >= policy.attempts) return { deadLetterReason: `failed after ${attempt} attempts: ${errorMessage(error)}` };
  return { retryInMs: backoffMs(attempt, policy.baseMs, policy.maxMs) };
}
