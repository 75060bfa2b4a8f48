import type { DataSource, QueryRunner } from 'typeorm';
import { errorMessage } from './errors.js';

/** A failure of the database itself (not of a handler): the consumer leaves the batch uncommitted, to be redelivered. */
export class InfrastructureError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfrastructureError';
  }
}

/**
 * Runs `work` in a transaction on a dedicated connection and returns its result once committed. Failing to
 * start or to commit is an `InfrastructureError`; an error of `work` rolls back and is rethrown as it is.
 */
export async function inTransaction<T>(dataSource: DataSource, work: (qr: QueryRunner) => Promise<T>): Promise<T> {
  const qr = dataSource.createQueryRunner();
  let broken: Error | undefined;
  try {
    try {
      await qr.connect();
      await qr.startTransaction();
    } catch (e) {
      broken = e as Error;
      throw new InfrastructureError(`cannot start transaction: ${errorMessage(e)}`, { cause: e });
    }
    let result: T;
    try {
      result = await work(qr);
    } catch (e) {
      try {
        if (qr.isTransactionActive) await qr.rollbackTransaction();
      } catch (re) {
        broken = re as Error;
      }
      throw e;
    }
    try {
      await qr.commitTransaction();
    } catch (e) {
      broken = e as Error;
      throw new InfrastructureError(`commit failed: ${errorMessage(e)}`, { cause: e });
    }
    return result;
  } finally {
    await releaseQueryRunner(qr, broken).catch(() => undefined);
  }
}

/** Runs a SAVEPOINT statement (`SAVEPOINT x`, `RELEASE SAVEPOINT x`, `ROLLBACK TO SAVEPOINT x`); a failure is the database's. */
export async function savepoint(qr: QueryRunner, sql: string): Promise<void> {
  try {
    await qr.query(sql);
  } catch (e) {
    throw new InfrastructureError(`${sql} failed: ${errorMessage(e)}`, { cause: e });
  }
}

/**
 * Returns a dedicated connection to the pool, or destroys it when it may be broken or still hold a session
 * lock (pg-pool discards a client released with an error).
 */
export async function releaseQueryRunner(qr: QueryRunner, error?: Error): Promise<void> {
  const pgRunner = qr as QueryRunner & { releasePostgresConnection?: (err?: Error) => Promise<void> };
  if (error && pgRunner.releasePostgresConnection) await pgRunner.releasePostgresConnection(error);
  else await qr.release();
}
