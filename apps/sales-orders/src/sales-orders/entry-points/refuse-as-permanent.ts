import { PermanentError } from '@replenish/messaging';
import { ConcurrentModificationError, SalesOrderError } from '../errors.js';

/**
 * A domain refusal (bad data, unknown order or product, invalid transition) can never succeed on retry:
 * PermanentError, i.e. dead letter with the reason. A lost optimistic-concurrency race is an ordinary error: retried.
 */
export async function refuseAsPermanent(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (e) {
    if (e instanceof SalesOrderError && !(e instanceof ConcurrentModificationError)) {
      throw new PermanentError(`sales-orders refused the event: ${e.message}`, { cause: e });
    }
    throw e;
  }
}
