import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';

/** The transaction `OutboxClient.emit` writes in: set around every `@EventPattern` handler, or by `withTransaction`. */
const transactionStore = new AsyncLocalStorage<EntityManager>();

/**
 * Runs `fn` with `tx` as the transaction `OutboxClient.emit` writes its events in:
 * `await ds.transaction((tx) => withTransaction(tx, async () => { ...; await lastValueFrom(client.emit(type, payload)); }))`.
 */
export const withTransaction = <T>(tx: EntityManager, fn: () => T): T => transactionStore.run(tx, fn);

export const currentTransaction = (): EntityManager | undefined => transactionStore.getStore();
