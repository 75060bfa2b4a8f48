import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';

/** A field as COPY's text format takes it: null (or undefined) is SQL NULL; numbers, decimals and dates as text. */
export type CopyValue = string | number | boolean | null | undefined;

/** The size a piece of the COPY stream reaches before it is written: few writes of a few rows each. */
const PIECE_BYTES = 1 << 16;

/**
 * Appends rows to `table` with `COPY ... FROM STDIN` in `tx`'s transaction (decision planning-021, addenda): a
 * run writes about 650,000 rows, and PostgreSQL takes them by COPY several times faster than out of one JSON
 * parameter (jsonb_to_recordset parses the whole document, then each record). `texts` are rows in COPY's text
 * format (copyField) in UTF-8, written in pieces; none (or all empty): no round trip. `table` and `columns` are
 * static texts, never input.
 */
export async function copyRows(tx: EntityManager, table: string, columns: readonly string[], texts: readonly Uint8Array[]): Promise<void> {
  if (texts.every((t) => t.byteLength === 0)) return;
  const runner = tx.queryRunner;
  if (runner === undefined) throw new Error(`COPY into ${table} needs a transaction`);
  const client = (await runner.connect()) as PoolClient;
  await pipeline(Readable.from(pieces(texts)), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

/** Small texts joined into pieces of PIECE_BYTES; a larger one as it is (a view of its bytes, not a copy). */
function* pieces(texts: readonly Uint8Array[]): Generator<Buffer> {
  let piece: Uint8Array[] = [];
  let bytes = 0;
  for (const text of texts) {
    if (text.byteLength === 0) continue;
    piece.push(text);
    bytes += text.byteLength;
    if (bytes < PIECE_BYTES) continue;
    yield piece.length === 1 ? Buffer.from(text.buffer, text.byteOffset, text.byteLength) : Buffer.concat(piece, bytes);
    piece = [];
    bytes = 0;
  }
  if (bytes > 0) yield Buffer.concat(piece, bytes);
}

const ESCAPED = /[\\\t\n\r]/g;
/** The same characters, tested for once: most fields have none, and a replace with a callback costs even when none match. */
const TO_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field in COPY's text format: `\N` for null; backslash, tab, newline and carriage return escaped. */
export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return TO_ESCAPE.test(v) ? v.replace(ESCAPED, (c) => ESCAPES[c] as string) : v;
}
