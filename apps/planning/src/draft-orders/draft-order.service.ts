import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  draftOrderCancelled, draftOrderConfirmed, draftOrderRaised, draftOrderUpdated, type EventEnvelope, type PayloadOf,
} from '@replenish/contracts';
import { EventPublisher } from '@replenish/messaging';
import { draftLockKey, lockKey } from '../shared/db.js';
import { dec, mergeNeed, type DraftChange, type DraftOrder, type Need } from '../shared/domain.js';
import { DraftOrderRepository, toContractKind, type LoadedDraft, type StoredOrigin } from './data-access/draft-order.repository.js';

export type DraftPayload = PayloadOf<typeof draftOrderRaised>;

export interface DraftTarget {
  /** The top-up key as stored (topUpKeyString of need.key). */
  keyString: string;
  vendorId?: string;
  bomId?: string;
  sourceWarehouseId?: string;
  warehouseId: string;
  /** The order date this need asks for (purchase: planned date - vendor lead time); the draft keeps the earliest. */
  orderDate?: string;
}

export interface PublishContext {
  causedBy?: EventEnvelope;
}

/** A need whose origin may name the rule evaluation that decided it. */
export type PlanningNeed = Need & { origin: Need['origin'] & { evaluationId?: string } };

const MAX_KEY_ATTEMPTS = 10;

interface PendingDraft {
  loaded: LoadedDraft;
  /** The version before the batch: the batch publishes baseVersion + 1. */
  baseVersion: number;
  orderDate: string | null;
  ctx: PublishContext;
  raised: boolean;
}

/**
 * Draft order use cases. Every change goes through a domain function (mergeNeed, shrinkLine, confirmDraft,
 * cancelDraft), is written in the caller's transaction, and publishes the whole draft through the outbox.
 * At most one open draft per key: the partial unique index refuses a second, INSERT ... ON CONFLICT DO
 * NOTHING detects it without an error, and the open draft is row-locked (FOR UPDATE) while topped up.
 */
@Injectable()
export class DraftOrderService {
  private readonly batches = new WeakMap<EntityManager, Map<string, PendingDraft>>();

  constructor(
    private readonly repo: DraftOrderRepository,
    private readonly publisher: EventPublisher,
  ) {}

  /**
   * Opens a unit of work on `tx` (a consumer batch): from now on `addNeed` writes lines and origins at once but
   * keeps each draft's header and event until `flush`, so a draft topped up by many needs in one batch is
   * loaded once and published once, as one change (one version step; decision planning-007).
   */
  beginBatch(tx: EntityManager): void {
    this.batches.set(tx, new Map());
  }

  /** Writes the headers and publishes the drafts the batch changed; ends the unit of work. */
  async flush(tx: EntityManager): Promise<void> {
    const pending = this.batches.get(tx);
    this.batches.delete(tx);
    for (const p of pending?.values() ?? []) {
      const draft = { ...p.loaded.draft, version: p.baseVersion + 1 };
      await this.repo.updateHeader(tx, p.loaded.header.id, draft.state, draft.version, p.orderDate);
      await this.publishDraft(tx, p.loaded, draft, p.raised ? 'raised' : 'updated', p.ctx, p.orderDate);
    }
  }

  /** Raises the key's open draft with this need, or tops it up. */
  async addNeed(tx: EntityManager, need: PlanningNeed, target: DraftTarget, ctx: PublishContext = {}): Promise<{ draftId: string; change: DraftChange }> {
    await lockKey(tx, draftLockKey(target.keyString));
    const batch = this.batches.get(tx);
    const pending = batch?.get(target.keyString);
    if (batch && pending) {
      const change = mergeNeed(pending.loaded.draft, need);
      await this.writeLine(tx, pending.loaded, change);
      pending.loaded.draft = change.draft;
      pending.orderDate = minDate(pending.orderDate, target.orderDate);
      pending.ctx = ctx;
      return { draftId: pending.loaded.header.id, change };
    }
    for (let attempt = 0; attempt < MAX_KEY_ATTEMPTS; attempt++) {
      const open = await this.repo.lockOpen(tx, target.keyString);
      if (open) {
        const change = mergeNeed(open.draft, need);
        const orderDate = minDate(open.header.orderDate, target.orderDate);
        if (batch) await this.hold(tx, batch, target.keyString, open, change, ctx, orderDate, false);
        else await this.save(tx, open, change, ctx, orderDate);
        return { draftId: open.header.id, change };
      }
      const id = randomUUID();
      const inserted = await this.repo.insertOpen(tx, {
        id, type: need.key.type, topUpKey: target.keyString, vendorId: target.vendorId ?? null, bomId: target.bomId ?? null,
        sourceWarehouseId: target.sourceWarehouseId ?? null, warehouseId: target.warehouseId, state: 'draft', version: 1, orderDate: target.orderDate ?? null,
      });
      if (!inserted) continue; // another transaction or replica opened the key's draft first: top it up instead
      const raised = mergeNeed(null, need);
      const change: DraftChange = { ...raised, draft: { ...raised.draft, id } };
      const loaded: LoadedDraft = { header: inserted, draft: { id, key: need.key, state: 'draft', version: 0, lines: [] }, lineIds: new Map(), origins: 'compact', stored: new Map() };
      if (batch) await this.hold(tx, batch, target.keyString, loaded, change, ctx, target.orderDate ?? null, true);
      else await this.save(tx, loaded, change, ctx, target.orderDate ?? null);
      return { draftId: id, change };
    }
    throw new Error(`could not obtain the open draft of key ${target.keyString}`);
  }

  /**
   * Persists a domain change of a loaded (locked) draft: header, the line that changed, and the outbox event.
   * Returns the envelope published, if any.
   */
  async save(tx: EntityManager, loaded: LoadedDraft, change: DraftChange, ctx: PublishContext, orderDate = loaded.header.orderDate): Promise<EventEnvelope | undefined> {
    if (change.change === 'unchanged') return undefined;
    await this.writeLine(tx, loaded, change);
    await this.repo.updateHeader(tx, loaded.header.id, change.draft.state, change.draft.version, orderDate);
    return this.publishDraft(tx, loaded, change.draft, change.change, ctx, orderDate);
  }

  private async hold(
    tx: EntityManager, batch: Map<string, PendingDraft>, key: string, loaded: LoadedDraft, change: DraftChange, ctx: PublishContext, orderDate: string | null, raised: boolean,
  ): Promise<void> {
    const baseVersion = loaded.draft.version;
    await this.writeLine(tx, loaded, change);
    loaded.draft = change.draft;
    batch.set(key, { loaded, baseVersion, orderDate, ctx, raised });
  }

  /** Writes the line a change touched (and its new origins). */
  private async writeLine(tx: EntityManager, loaded: LoadedDraft, change: DraftChange): Promise<void> {
    const productId = change.lineChange?.productId;
    if (productId === undefined) return;
    const line = change.draft.lines.find((l) => l.productId === productId);
    let lineId = loaded.lineIds.get(productId);
    if (!lineId) {
      lineId = randomUUID();
      loaded.lineIds.set(productId, lineId);
    }
    await this.repo.saveLine(tx, loaded, productId, lineId, line, loaded.lineIds.size);
    if (!line) loaded.lineIds.delete(productId);
  }

  private async publishDraft(
    tx: EntityManager, loaded: LoadedDraft, draft: DraftOrder, change: Exclude<DraftChange['change'], 'unchanged'>, ctx: PublishContext, orderDate: string | null,
  ): Promise<EventEnvelope> {
    const def = { raised: draftOrderRaised, updated: draftOrderUpdated, confirmed: draftOrderConfirmed, cancelled: draftOrderCancelled }[change];
    const payload = compactOrigins(this.payload({ ...loaded.header, orderDate }, draft, loaded.lineIds));
    return this.publisher.publish(tx, def, payload, ctx.causedBy ? { causedBy: ctx.causedBy } : undefined);
  }

  /** The whole draft as events and the REST API show it. */
  payload(header: LoadedDraft['header'], draft: DraftOrder, lineIds: Map<string, string>): DraftPayload {
    return {
      draftOrderId: header.id,
      type: header.type,
      topUpKey: header.topUpKey,
      ...(header.vendorId ? { vendorId: header.vendorId } : {}),
      ...(header.bomId ? { bomId: header.bomId } : {}),
      ...(header.sourceWarehouseId ? { sourceWarehouseId: header.sourceWarehouseId } : {}),
      warehouseId: header.warehouseId,
      state: draft.state,
      version: draft.version,
      ...(header.orderDate ? { orderDate: header.orderDate } : {}),
      lines: draft.lines.map((l) => ({
        lineId: lineIds.get(l.productId) as string,
        productId: l.productId,
        quantity: l.quantity.toString(),
        uom: l.uom.code,
        plannedDate: l.plannedDate,
        origins: (l.origins as StoredOrigin[]).map((o) => ({
          kind: toContractKind(o.kind), ref: o.id, quantity: o.quantity.toString(), ...(o.eventId ? { eventId: o.eventId } : {}),
        })),
      })),
    };
  }
}

/**
 * The published draft carries one origin per (kind, ref) with the summed quantity (decision planning-005):
 * a line topped up by its rule on every stock move would otherwise grow by one origin per event, and the
 * whole draft is published on every change, so events grew without bound (past Kafka's 1 MB message limit
 * in the benchmark). Every single origin, with its event and evaluation, stays in the database and in the
 * REST API (GET /draft-orders/{id}, .../explain).
 */
export function compactOrigins(p: DraftPayload): DraftPayload {
  return {
    ...p,
    lines: p.lines.map((l) => {
      const byRef = new Map<string, (typeof l.origins)[number]>();
      for (const o of l.origins) {
        const k = `${o.kind}|${o.ref}`;
        const seen = byRef.get(k);
        if (!seen) byRef.set(k, o);
        else byRef.set(k, { kind: o.kind, ref: o.ref, quantity: dec(seen.quantity).plus(o.quantity).toString() });
      }
      return { ...l, origins: [...byRef.values()] };
    }),
  };
}

function minDate(a: string | null, b: string | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a <= b ? a : b;
}
