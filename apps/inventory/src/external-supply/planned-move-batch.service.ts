import { Injectable } from '@nestjs/common';
import { plannedMoveAnnounced, plannedMoveCancelled } from '@replenish/contracts';
import { DomainError } from '@replenish/domain';
import { parseBody, type FieldErrorDto } from '@replenish/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import type { PositionKey } from '../planned-moves/index.js';
import { ProductRepository } from '../products/index.js';
import { InventoryInputError } from '../shared/errors.js';
import type { Announcement } from './external-supply.js';
import { ExternalSupplyService, type Cancellation } from './external-supply.service.js';

/** The most planned moves one POST /stock/planned-moves/batch takes: each is planned and published on its own. */
export const MAX_BATCH_PLANNED_MOVES = 1000;

/** What became of one planned move of a batch, in the batch's order. */
export interface PlannedMoveResult {
  index: number;
  externalRef: string | null;
  status: 'applied' | 'refused';
  errors?: FieldErrorDto[];
}

export interface PlannedMoveBatchResult {
  applied: number;
  refused: number;
  results: PlannedMoveResult[];
}

type Item = { action: 'announce'; payload: Announcement } | { action: 'cancel'; payload: Cancellation };

/** Checks one item: `action` says which payload the rest is (planned-move.announced or planned-move.cancelled), checked by its schema. */
function parseItem(item: unknown): { ok: true; item: Item } | { ok: false; errors: FieldErrorDto[] } {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { ok: false, errors: [{ field: '(item)', reason: 'must be an object' }] };
  const { action, ...rest } = item as Record<string, unknown>;
  if (action !== 'announce' && action !== 'cancel') return { ok: false, errors: [{ field: 'action', reason: 'must be announce or cancel' }] };
  const parsed = parseBody(action === 'announce' ? plannedMoveAnnounced.payload : plannedMoveCancelled.payload, rest);
  return parsed.ok ? { ok: true, item: { action, payload: parsed.value } as Item } : parsed;
}

const refusalOf = (e: unknown): FieldErrorDto | undefined =>
  e instanceof InventoryInputError ? { field: e.field, reason: e.message } : e instanceof DomainError ? { field: '(item)', reason: e.message } : undefined;

/**
 * Planned moves over REST, for warehouse systems without Kafka (decision inventory-004): each item is what a
 * planned-move.announced or planned-move.cancelled event carries, with `action` saying which. Each is checked on its
 * own, so one bad item refuses itself, not the batch (its checks throw before it writes anything); the valid ones are
 * planned in one transaction and each position they changed is published once. When publishing refuses (a date's
 * planned quantity past its bound), the batch is planned again one item per savepoint, each published on its own, so
 * that only the items at fault are refused; rare, and slower. Idempotent as the events: announcing a move again with
 * the same values changes nothing but its position's sequence.
 */
@Injectable()
export class PlannedMoveBatchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly products: ProductRepository,
    private readonly supply: ExternalSupplyService,
  ) {}

  async enter(items: readonly unknown[]): Promise<PlannedMoveBatchResult> {
    return this.dataSource.transaction(async (tx) => {
      const parsed = items.map(parseItem);
      await this.products.load(tx, parsed.flatMap((p) => (p.ok ? [p.item.payload.productId] : [])));
      let refusals: (FieldErrorDto[] | undefined)[];
      try {
        refusals = await tx.transaction((sp) => this.planAll(sp, parsed, true));
      } catch (e) {
        if (!refusalOf(e)) throw e;
        refusals = await this.planAll(tx, parsed, false);
      }
      const results = parsed.map((p, index): PlannedMoveResult => {
        const externalRef = p.ok ? p.item.payload.externalRef : refOf(items[index]);
        const errors = refusals[index];
        return errors ? { index, externalRef, status: 'refused', errors } : { index, externalRef, status: 'applied' };
      });
      return { applied: results.filter((r) => r.status === 'applied').length, refused: results.filter((r) => r.status === 'refused').length, results };
    });
  }

  /** Plans every valid item; `together`: publishes each position once at the end, else each item in a savepoint of its own. */
  private async planAll(tx: EntityManager, parsed: ReturnType<typeof parseItem>[], together: boolean): Promise<(FieldErrorDto[] | undefined)[]> {
    const touched: PositionKey[] = [];
    const refusals: (FieldErrorDto[] | undefined)[] = [];
    for (const p of parsed) {
      if (!p.ok) {
        refusals.push(p.errors);
        continue;
      }
      try {
        if (together) touched.push(...(await this.plan(tx, p.item)));
        else await tx.transaction(async (sp) => this.supply.publish(sp, await this.plan(sp, p.item)));
        refusals.push(undefined);
      } catch (e) {
        const refusal = refusalOf(e);
        if (!refusal) throw e;
        refusals.push([refusal]);
      }
    }
    if (together) await this.supply.publish(tx, touched);
    return refusals;
  }

  private plan(tx: EntityManager, item: Item): Promise<PositionKey[]> {
    return item.action === 'announce' ? this.supply.announce(tx, item.payload) : this.supply.cancel(tx, item.payload);
  }
}

function refOf(item: unknown): string | null {
  const ref = (item as { externalRef?: unknown } | null)?.externalRef;
  return typeof ref === 'string' ? ref.slice(0, 100) : null;
}
