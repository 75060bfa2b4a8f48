import type { EntityManager } from 'typeorm';

/**
 * Runs SQL and returns its rows whatever the command: TypeORM hands back `[rows, rowCount]` for UPDATE and
 * DELETE and the rows for everything else.
 */
export async function sql<T = Record<string, unknown>>(m: EntityManager, text: string, params: unknown[] = []): Promise<T[]> {
  const r: unknown = await m.query(text, params);
  if (Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number') return r[0] as T[];
  return (r ?? []) as T[];
}
