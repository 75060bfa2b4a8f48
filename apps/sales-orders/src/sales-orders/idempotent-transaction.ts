import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConcurrentModificationError, SalesOrderError } from './errors.js';

/** The same Idempotency-Key was sent with a different request. HTTP 422. */
export class IdempotencyKeyReusedError extends SalesOrderError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
}

export interface StoredAnswer<T> {
  status: number;
  body: T;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

const ATTEMPTS = 3;

/**
 * Runs a REST command in one transaction, idempotently when the client gave a key
 * (docs/decisions/sales-orders-rest-idempotency.md):
 * - the key is claimed (INSERT ... ON CONFLICT DO NOTHING) in the same transaction as the effect, and the
 *   answer is stored with it before commit: the effect and the stored answer commit together or not at all;
 * - a key already stored returns the stored answer without running anything; a concurrent request with the
 *   same key waits on the key's row lock, then replays the first one's answer;
 * - the same key with another request (other operation, path or body) is refused (422);
 * - a failed command stores nothing (its transaction rolls back), so the key can be retried.
 * A lost optimistic-concurrency race is retried from scratch (re-reading the order) a few times.
 */
@Injectable()
export class IdempotentTransaction {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(key: string | undefined, request: unknown, work: (tx: EntityManager) => Promise<{ status: number; body: T }>): Promise<StoredAnswer<T>> {
    const fingerprint = createHash('sha256').update(stableJson(request)).digest('hex');
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(async (tx) => {
          if (key !== undefined) {
            const claimed: unknown[] = await tx.query(
              `INSERT INTO sales_orders.idempotency_key (key, fingerprint) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key`,
              [key, fingerprint],
            );
            if (claimed.length === 0) {
              const [stored] = (await tx.query(`SELECT fingerprint, status_code, response FROM sales_orders.idempotency_key WHERE key = $1`, [key])) as {
                fingerprint: string;
                status_code: number;
                response: T;
              }[];
              if (!stored) throw new ConcurrentModificationError(`Idempotency-Key ${key} vanished; retry`);
              if (stored.fingerprint !== fingerprint) {
                throw new IdempotencyKeyReusedError(`Idempotency-Key ${key} was already used for a different request`);
              }
              return { status: stored.status_code, body: stored.response, replayed: true };
            }
          }
          const answer = await work(tx);
          if (key !== undefined) {
            await tx.query(`UPDATE sales_orders.idempotency_key SET status_code = $2, response = $3 WHERE key = $1`, [key, answer.status, JSON.stringify(answer.body)]);
          }
          return { ...answer, replayed: false };
        });
      } catch (e) {
        if (e instanceof ConcurrentModificationError && attempt < ATTEMPTS) continue;
        throw e;
      }
    }
  }
}

/** JSON with object keys sorted, so that the fingerprint does not depend on key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
