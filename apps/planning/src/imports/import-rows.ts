import { parse } from 'csv-parse/sync';
import { badRequest } from '@replenish/service-kit';

/** One row of an import, with the line it is on (CSV and NDJSON: the file's line; a JSON array: the element's position, from 1). */
export interface ImportRow {
  line: number;
  value: unknown;
}

export type ImportFormat = 'json' | 'ndjson' | 'csv';

/** The media type of each format, for Content-Type and Accept. */
export const MEDIA_TYPES: Readonly<Record<ImportFormat, string>> = { json: 'application/json', ndjson: 'application/x-ndjson', csv: 'text/csv' };

/** How CSV cells of a kind become JSON values: which columns are integers, booleans, or lists of words. */
export interface CsvShape {
  integers: ReadonlySet<string>;
  booleans: ReadonlySet<string>;
  /** Columns holding a list of words separated by `|` (a product's routes). */
  lists: ReadonlySet<string>;
}

/** The largest import (decision planning-014): more rows answer 400 naming the body. */
export const MAX_IMPORT_ROWS = 100_000;

/** Where the imports are, their body limit (larger: 413) and the text types they take besides JSON (ServiceDefinition). */
export const IMPORT_PATH = '/imports';
export const IMPORT_BODY_LIMIT_KB = 32 * 1024;
export const IMPORT_TEXT_TYPES: readonly string[] = [MEDIA_TYPES.csv, MEDIA_TYPES.ndjson];

/**
 * The rows of a body, made a batch at a time (`take`): only one batch's rows are alive at once, and what they were
 * made of is let go as they are taken. At 100,000 CSV rows, every row made up front held ~14 MB of row objects
 * besides the ~28 MB of parsed records, through the whole import: part of planning's peak memory (issue 18).
 */
export interface ImportRows {
  /** How many rows the body holds (known before any is made: an import over the limit is refused whole). */
  readonly count: number;
  /** The next `n` rows in body order (fewer at the end, none once every row was taken). */
  take(n: number): ImportRow[];
}

/** The rows of a body as the parsers left it: a JSON array (already parsed), or NDJSON / CSV text. */
export function importRows(format: ImportFormat, body: unknown, shape: CsvShape): ImportRows {
  const rows = format === 'json' ? jsonRows(body) : format === 'ndjson' ? ndjsonRows(String(body)) : csvRows(String(body), shape);
  if (rows.count > MAX_IMPORT_ROWS) throw badRequest('(body)', `holds ${rows.count} rows: at most ${MAX_IMPORT_ROWS} per import, split it`);
  return rows;
}

function jsonRows(body: unknown): ImportRows {
  if (!Array.isArray(body)) throw badRequest('(body)', 'must be a JSON array of rows (or send text/csv or application/x-ndjson)');
  let next = 0;
  return {
    count: body.length,
    take: (n) => {
      const from = next;
      next = Math.min(body.length, next + n);
      return body.slice(from, next).map((value: unknown, i) => ({ line: from + i + 1, value }));
    },
  };
}

function ndjsonRows(text: string): ImportRows {
  const lines = text.split('\n');
  let count = 0;
  for (const raw of lines) if (raw.trim() !== '') count++;
  let next = 0;
  return {
    count,
    take: (n) => {
      const rows: ImportRow[] = [];
      for (; next < lines.length && rows.length < n; next++) {
        const line = (lines[next] as string).trim();
        lines[next] = ''; // let the text go once its row is made
        if (line === '') continue;
        try {
          rows.push({ line: next + 1, value: JSON.parse(line) as unknown });
        } catch {
          // One unreadable line is that row's fault only: it is refused with its line like any other bad row.
          rows.push({ line: next + 1, value: UNREADABLE });
        }
      }
      return rows;
    },
  };
}

/** A row whose text is not JSON: refused as such by the row check. */
export const UNREADABLE = Symbol('unreadable row');

/** CSV with a header row of field paths ('stockUom.code', 'suppliers.0.vendorId'); an empty cell is an absent field. */
function csvRows(text: string, shape: CsvShape): ImportRows {
  let records: (string[] | undefined)[];
  try {
    // Empty lines come back as one empty cell, so that lines can be counted here: csv-parse's own line info costs
    // three times the parse.
    records = parse(text, { relax_column_count: true, bom: true }) as string[][];
  } catch (e) {
    const where = (e as { lines?: number }).lines;
    throw badRequest('(body)', `is not readable CSV${where ? ` at line ${where}` : ''}: ${(e as Error).message}`);
  }
  const blank = (record: string[]): boolean => record.length === 1 && record[0] === '';
  let columns: Column[] | undefined;
  let count = 0;
  for (const record of records as string[][]) {
    if (blank(record)) continue;
    if (columns) count++;
    else columns = record.map((c) => columnOf(c.trim()));
  }
  let next = 0;
  let line = 1;
  let header = false;
  return {
    count,
    take: (n) => {
      const rows: ImportRow[] = [];
      for (; next < records.length && rows.length < n; next++) {
        const record = records[next] as string[];
        records[next] = undefined; // let the record go once its row is made
        const at = line;
        line += 1 + record.reduce((k, cell) => k + (cell.includes('\n') ? (cell.match(/\n/g)?.length ?? 0) : 0), 0);
        if (blank(record)) continue;
        if (!header) header = true;
        else rows.push({ line: at, value: record.length === (columns as Column[]).length ? unflatten(columns as Column[], record, shape) : new WrongWidth(record.length, (columns as Column[]).length) });
      }
      return rows;
    },
  };
}

/** A header cell, split once for every row. */
interface Column {
  segments: string[];
  field: string;
  /** The path of the list the column is an entry of ('suppliers' for 'suppliers.0.vendorId'), if any. */
  list?: string[];
}

/** Names that would reach an object's prototype rather than a field of the row. */
const NOT_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);

function columnOf(path: string): Column {
  const segments = path.split('.');
  if (segments.some((s) => NOT_FIELDS.has(s))) throw badRequest('(body)', `header column ${path} is not a field path`);
  const listAt = segments.findIndex((s) => /^\d+$/.test(s));
  return { segments, field: segments[segments.length - 1] ?? '', ...(listAt > 0 ? { list: segments.slice(0, listAt) } : {}) };
}

/** A CSV record with another number of cells than the header: refused by the row check. */
export class WrongWidth {
  constructor(readonly cells: number, readonly columns: number) {}
}

/** Dotted header paths to nested values: numeric segments are array positions; cells typed by `shape`. */
function unflatten(columns: Column[], cells: string[], shape: CsvShape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let lists = false;
  for (const [i, column] of columns.entries()) {
    // A list column present in the header is a list even when every cell of it is empty in this row.
    if (column.list) {
      ensure(out, column.list, []);
      lists = true;
    }
    const cell = cells[i] ?? '';
    if (cell === '') continue;
    ensure(out, column.segments, typed(column.field, cell, shape));
  }
  return lists ? (compact(out) as Record<string, unknown>) : out;
}

function typed(field: string, cell: string, shape: CsvShape): unknown {
  if (shape.integers.has(field) && /^-?\d+$/.test(cell)) return Number(cell);
  if (shape.booleans.has(field) && (cell === 'true' || cell === 'false')) return cell === 'true';
  if (shape.lists.has(field)) return cell.split('|').map((w) => w.trim()).filter((w) => w !== '');
  return cell; // left as text: the row check names the field if it must be something else
}

/** Sets `value` at `path` in `root` (creating objects and arrays on the way) unless a value is there already. */
function ensure(root: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> = root;
  for (const [i, key] of path.entries()) {
    const last = i === path.length - 1;
    if (last) {
      node[key] ??= value;
      return;
    }
    node[key] ??= /^\d+$/.test(path[i + 1] ?? '') ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
}

/** Arrays without the holes of empty list entries. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}

/** Nested rows to CSV cells under `columns` (the inverse of the import's reading): lists of words joined by `|`. */
export function flatten(row: Record<string, unknown>, columns: readonly string[], shape: CsvShape): string[] {
  return columns.map((path) => {
    let v: unknown = row;
    for (const s of path.split('.')) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[s];
    if (v === null || v === undefined) return '';
    if (Array.isArray(v) && shape.lists.has(path.split('.').pop() ?? '')) return v.join('|');
    return String(v);
  });
}
