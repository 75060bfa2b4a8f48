import type { CheckedRow, RowOutcome } from './import-runner.js';
import { fieldErrorsOf } from './row-check.js';

/** How one kind of import turns a checked row into what it stores. */
export interface RowPlan<T, R, S> {
  /** The row as stored, through the single-row endpoint's own checks: the HTTP error they throw refuses the row. */
  build(dto: T): Promise<R> | R;
  /** What is stored now under the row's key (undefined: nothing). */
  stored(dto: T): Promise<S | undefined> | S | undefined;
  same(stored: S, row: R): boolean;
}

/** A row an import writes, with what was stored before it. */
export interface Change<R, S> {
  row: R;
  before: S | undefined;
}

/** Each row's outcome (created, updated, unchanged or refused with its reasons) and the rows to write: new or changed ones only. */
export async function planRows<T, R, S>(rows: CheckedRow<T>[], plan: RowPlan<T, R, S>): Promise<{ outcomes: RowOutcome[]; changes: Change<R, S>[] }> {
  const outcomes: RowOutcome[] = [];
  const changes: Change<R, S>[] = [];
  for (const { line, dto } of rows) {
    let row: R;
    try {
      row = await plan.build(dto);
    } catch (e) {
      outcomes.push({ line, errors: fieldErrorsOf(e) });
      continue;
    }
    const before = await plan.stored(dto);
    const same = before !== undefined && plan.same(before, row);
    if (!same) changes.push({ row, before });
    outcomes.push({ line, status: before === undefined ? 'created' : same ? 'unchanged' : 'updated' });
  }
  return { outcomes, changes };
}
