import { createHash } from 'node:crypto';
import type { EntityManager, QueryRunner } from 'typeorm';
/** Quotes a PostgreSQL identifier (schema names come from configuration, never from input). */
export const ident = (name: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(name)) throw new Error(`invalid SQL identifier: ${name}`);
  return `"${name.replace(/"/g, '""')}"`;
};

/** Advisory-lock class ids (first int of the two-int form), so our locks never collide with others. */
export const LOCK_CLASS = {
  /** Per (topic, key) transaction lock taken by EventPublisher: serializes one key's writers. */
  outboxKey: 0x4f42_4b59, // 'OBKY'
  /** Per schema session lock held by the active relay. */
  relay: 0x4f42_524c, // 'OBRL'
  /** Per (group, topic, partition) session lock held by an in-process broker consumer. */
  inProcessPartition: 0x4950_4254, // 'IPBT'
  /** Setup of the in-process broker's tables. */
  inProcessSetup: 0x4950_5354, // 'IPST'
} as const;

export const outboxChannel = (schema: string): string => `outbox_${schema}`;

/** The pg client a TypeORM query runner talks through (PostgresQueryRunner.connect() returns it). */
interface PgClientLike {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

const statementNames = new Map<string, string>();
/** Distinct statement texts a process prepares; beyond it, texts go unnamed (planned on every call). */
export const MAX_PREPARED_STATEMENTS = 2000;

/** A stable name per statement text (node-pg keeps one parsed statement per name and connection). */
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_PREPARED_STATEMENTS) {
    name = `r${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Runs `text` on a pg client as the prepared statement named after it (unnamed past MAX_PREPARED_STATEMENTS). */
export function queryPrepared(client: PgClientLike, text: string, values: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }> {
  const name = statementName(text);
  return client.query({ ...(name ? { name } : {}), text, values });
}

/**
 * Runs `text` on `manager`'s connection as a named prepared statement: PostgreSQL parses it once per connection
 * and, after a few runs, keeps a generic plan (plan_cache_mode auto). For the hot statements of every
 * transaction: the stock-position batch's projection query took 6 ms to plan and 3 ms to run. Returns the rows
 * (of SELECT, and of RETURNING) and the affected row count, whatever the statement. Only for static texts
 * with `$n` parameters; never for texts built from input. Not behind a pooler in transaction mode (PgBouncer),
 * which does not keep prepared statements per client.
 */
export async function preparedQuery<T = Record<string, unknown>>(manager: EntityManager, text: string, params: unknown[] = []): Promise<{ rows: T[]; rowCount: number }> {
  const run = async (qr: QueryRunner) => {
    const r = await queryPrepared(await qr.connect() as PgClientLike, text, params);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  };
  if (manager.queryRunner && !manager.queryRunner.isReleased) return run(manager.queryRunner);
  const qr = manager.connection.createQueryRunner();
  try {
    return await run(qr);
  } finally {
    await qr.release();
  }
}

/** `preparedQuery`'s rows: of a SELECT or of RETURNING, none otherwise. */
export async function preparedRows<T = Record<string, unknown>>(manager: EntityManager, text: string, params: unknown[] = []): Promise<T[]> {
  return (await preparedQuery<T>(manager, text, params)).rows;
}

/** A statement with its `$n` parameters, to run alone or with others (`runWrites`). */
export interface Statement {
  text: string;
  params: unknown[];
}

/**
 * Several writes as one statement: each becomes a data-modifying CTE (`WITH w0 AS (...), w1 AS (...) SELECT 1`)
 * with its `$n` shifted past the parameters before it. Pure; `runWrites` runs it.
 */
export function combineWrites(statements: readonly Statement[]): Statement {
  if (statements.length === 1) return statements[0]!;
  const params: unknown[] = [];
  const ctes = statements.map((s, i) => {
    const offset = params.length;
    params.push(...s.params);
    return `w${i} AS (${s.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  return { text: `WITH ${ctes.join(',\n')}\nSELECT 1`, params };
}

/**
 * Runs writes whose results nobody reads in one round trip (decision messaging-007): under load a round trip,
 * not the work, is what a statement costs. All of them see the snapshot taken when the statement starts and
 * none sees another's rows; constraints are checked at its end, so a row may reference one another inserts.
 * Hence only for writes that touch different rows, need none of each other's effects, and hold no
 * data-modifying CTE themselves (PostgreSQL allows those only at the top level). Same texts, same prepared
 * statement: callers pass the same writes in the same order.
 */
export async function runWrites(manager: EntityManager, statements: readonly (Statement | undefined)[]): Promise<void> {
  const present = statements.filter((s): s is Statement => s !== undefined);
  if (present.length === 0) return;
  const { text, params } = combineWrites(present);
  await preparedQuery(manager, text, params);
}
