import { setImmediate as turn } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import { DataSource, type EntityManager } from 'typeorm';
import { MaxStringLengthPipe, SERVICE_CONFIG, type FieldErrorDto, type ServiceConfig } from '@replenish/service-kit';
import { SetEvaluator, type ProductSiteKey } from '../reordering-rules/index.js';
import { importRows, type CsvShape, type ImportFormat } from './import-rows.js';
import { checkRows } from './row-check.js';

/** A row that passed the DTO checks, with its line. */
export interface CheckedRow<T> {
  line: number;
  dto: T;
}

export type RowOutcome = { line: number; status: 'created' | 'updated' | 'unchanged' } | { line: number; errors: FieldErrorDto[] };

/** What one kind of import does with a batch of checked rows, in the batch's transaction. */
export interface KindImport<T extends object> {
  readonly dto: ClassConstructor<T>;
  readonly shape: CsvShape;
  /** Rows per transaction when not BATCH_ROWS. */
  readonly batchRows?: number;
  /** Whether its rows are reordering rules: the answer then says how their evaluation went. */
  readonly evaluatesRules?: boolean;
  /** The fields that must differ between two rows of one import (the row's id, a product's SKU), with their value. */
  unique(dto: T): [field: string, value: string][];
  /** The domain checks of the single-row endpoint and the writes of the rows that pass and change something. */
  apply(tx: EntityManager, rows: CheckedRow<T>[]): Promise<{ outcomes: RowOutcome[]; affected?: ProductSiteKey[] }>;
}

export interface ImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  errors: { line: number; errors: FieldErrorDto[] }[];
  /** Present for imports that change reordering rules: their evaluation, once for the whole import. */
  evaluation?: { evaluated: number; ordered: number; failed: number };
}

/** Rows per transaction and per write statement (decision planning-014). */
export const BATCH_ROWS = 1000;

/** Evaluation cause of the rules an import created or changed. */
export const RULE_IMPORTED = 'rule-imported';

/**
 * A bulk import: every row checked as its single-row endpoint checks it, the refused ones listed with their line and
 * reasons, the others written BATCH_ROWS at a time, each batch checked then written in its own transaction (a batch
 * that fails stops the import; those before it stay). The rules a rule import created or changed are evaluated once at the end,
 * set-based (SetEvaluator), never one per row.
 */
@Injectable()
export class ImportRunner {
  private readonly log = new Logger(ImportRunner.name);
  private readonly strings: MaxStringLengthPipe;

  constructor(
    private readonly db: DataSource,
    private readonly evaluator: SetEvaluator,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.strings = new MaxStringLengthPipe(config.http.maxStringLength);
  }

  async run<T extends object>(kind: KindImport<T>, format: ImportFormat, body: unknown): Promise<ImportResult> {
    const started = Date.now();
    const rows = importRows(format, body, kind.shape);
    const result: ImportResult = { rows: rows.count, created: 0, updated: 0, unchanged: 0, refused: 0, errors: [] };
    const firstLine = new Map<string, number>();
    const affected: ProductSiteKey[] = [];
    // check and write: the time waited for each (they overlap).
    const ms = { read: Date.now() - started, check: 0, write: 0, evaluate: 0 };
    const size = kind.batchRows ?? BATCH_ROWS;
    const check = async (): Promise<CheckedRow<T>[] | undefined> => {
      const batch = rows.take(size);
      if (batch.length === 0) return undefined;
      await turn(); // after the caller's next step began (a batch's transaction, below)
      const checked: CheckedRow<T>[] = [];
      for (const check of await checkRows(batch, kind.dto, this.strings)) {
        if (!check.ok) {
          result.errors.push({ line: check.line, errors: check.errors });
          continue;
        }
        const repeats = kind.unique(check.dto).flatMap(([field, value]) => {
          const key = `${field}\u0000${value}`;
          const first = firstLine.get(key);
          if (first === undefined) firstLine.set(key, check.line);
          return first === undefined ? [] : [{ field, reason: `repeats line ${first} (${value}): one row per ${field} in an import` }];
        });
        if (repeats.length > 0) result.errors.push({ line: check.line, errors: repeats });
        else checked.push({ line: check.line, dto: check.dto });
      }
      return checked;
    };
    // A batch of rows at a time, made, checked then written: only two batches' rows and DTOs are alive at once (the
    // process's peak memory with 100,000 rows), and the rows already written are let go. The next batch is checked
    // while this one's transaction waits on PostgreSQL (the checks read nothing, and run in slices: checkRows): a
    // third of a 100,000-rule import's writing was that wait (issue 18).
    let checking = check();
    for (;;) {
      let t0 = Date.now();
      const checked = await checking;
      ms.check += Date.now() - t0;
      if (checked === undefined) break;
      if (checked.length === 0) {
        checking = check();
        continue;
      }
      t0 = Date.now();
      const applying = this.db.transaction((tx) => kind.apply(tx, checked));
      checking = check();
      checking.catch(() => undefined); // awaited at the next batch: a check failing meanwhile is not unhandled
      const applied = await applying;
      for (const o of applied.outcomes) {
        if ('errors' in o) result.errors.push(o);
        else result[o.status]++;
      }
      affected.push(...(applied.affected ?? []));
      ms.write += Date.now() - t0;
    }
    result.refused = result.errors.length;
    result.errors.sort((a, b) => a.line - b.line);
    const evaluating = Date.now();
    if (kind.evaluatesRules) {
      // By product, so that a chunk of the evaluation keeps a product's warehouses together (SetEvaluator).
      affected.sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : a.warehouseId < b.warehouseId ? -1 : 1));
      const { evaluated, ordered, failed } = await this.evaluator.evaluateAndOrder(affected, RULE_IMPORTED);
      result.evaluation = { evaluated, ordered, failed };
    }
    ms.evaluate = Date.now() - evaluating;
    const { errors: _errors, ...counts } = result;
    this.log.log({ ...counts, ms }, 'import done');
    return result;
  }
}
