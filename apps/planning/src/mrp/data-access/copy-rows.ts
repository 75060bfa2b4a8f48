import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';

/** A field as COPY's text format takes it: null (or undefined) is SQL NULL; numbers, decimals and dates as text. */
export type CopyValue = string | number | boolean | null | undefined;

/** The size a piece of the COPY stream reaches before it is written: few writes, no copy of the whole text. */
const PIECE_CHARS = 1 << 16;

/**
 * Appends rows to `table` with `COPY ... FROM STDIN` in `tx`'s transaction (decision planning-021, addendum): a
 * run writes about 650,000 rows, and PostgreSQL takes them by COPY several times faster than out of one JSON
 * parameter (jsonb_to_recordset parses the whole document, then each record). `texts` are rows in COPY's text
 * format (copyField), written in pieces; none (or all empty): no round trip. `table` and `columns` are static
 * texts, never input.
 */
export async function copyRows(tx: EntityManager, table: string, columns: readonly string[], texts: readonly string[]): Promise<void> {
  if (texts.every((t) => t.length === 0)) return;
  const runner = tx.queryRunner;
  if (runner === undefined) throw new Error(`COPY into ${table} needs a transaction`);
  const client = (await runner.connect()) as PoolClient;
  await pipeline(Readable.from(pieces(texts)), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

function* pieces(texts: readonly string[]): Generator<string> {
  let piece = '';
  for (const text of texts) {
    piece += text;
    if (piece.length < PIECE_CHARS) continue;
    yield piece;
    piece = '';
  }
  if (piece.length > 0) yield piece;
}

const ESCAPED = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field in COPY's text format: `\N` for null; backslash, tab, newline and carriage return escaped. */
export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v).replace(ESCAPED, (c) => ESCAPES[c] as string);
}
