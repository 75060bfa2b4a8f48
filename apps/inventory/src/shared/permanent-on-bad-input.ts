import { PermanentError } from '@replenish/messaging';
import { InventoryInputError } from './errors.js';

/** Bad data found by the domain becomes a dead letter with its reason; a reference may exist later, hence the hint to replay. */
export async function permanentOnBadInput<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof InventoryInputError) throw new PermanentError(`${what}: ${e.message} (field ${e.field})${e.notFound ? '; replay this dead letter once it exists' : ''}`, { cause: e });
    throw e;
  }
}
