import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { peggingTree, type MrpPeggingNode } from '../shared/domain.js';
import { MrpQueriesRepository, type SuggestionFilter } from './data-access/mrp-queries.repository.js';

/** What planners read of MRP's current plans. */
@Injectable()
export class MrpQueries {
  constructor(
    private readonly db: DataSource,
    private readonly repo: MrpQueriesRepository,
  ) {}

  suggestions(f: SuggestionFilter, limit: number, offset: number) {
    return this.repo.suggestions(this.db.manager, pick(f, ['productId', 'warehouseId', 'kind', 'runId']), limit, offset);
  }

  async suggestion(id: string) {
    const s = await this.repo.suggestion(this.db.manager, id);
    return s ? { ...s, explanation: { text: s.explanation } } : undefined;
  }

  /** libs/domain's pegging tree over the stored plans the chain goes through; undefined when no suggestion has this id. */
  async pegging(id: string): Promise<MrpPeggingNode | undefined> {
    const s = await this.repo.suggestion(this.db.manager, id);
    if (!s) return undefined;
    const plans = await this.repo.plansUpFrom(this.db.manager, id);
    return peggingTree({ runDate: s.startDate, horizonEnd: s.dueDate, plans, unplanned: [] }, id) ?? undefined;
  }

  requirements(f: { productId?: string; warehouseId?: string }, limit: number, offset: number) {
    return this.repo.requirements(this.db.manager, pick(f, ['productId', 'warehouseId']), limit, offset);
  }

  messages(f: { productId?: string; warehouseId?: string; action?: string }, limit: number, offset: number) {
    return this.repo.messages(this.db.manager, pick(f, ['productId', 'warehouseId', 'action']), limit, offset);
  }
}

/** The filter fields of a query object (it also carries limit and offset). */
function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Pick<T, K>;
}
