import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  draftOrderCancelled, draftOrderConfirmed, draftOrderRaised, draftOrderUpdated, type EventEnvelope,
} from '@replenish/contracts';
import { EventPublisher, runWrites, type Statement } from '@replenish/messaging';
import { assertWithinBound } from '@replenish/service-kit';
import { draftLockKey, lockKey } from '../shared/db.js';
import { mergeNeed, type DraftChange, type DraftOrder, type Need } from '../shared/domain.js';
import { CatalogRepository } from '../catalog/index.js';
import type { LineTerms } from './data-access/line-terms.js';
import { lineTermsOfDrafts } from './data-access/line-terms-of-drafts.js';
import {
  DraftOrderRepository, headersUpdate, linesUpsert, originsInsert, type LineWrite, type LoadedDraft, type NewOrigin,
} from './data-access/draft-order.repository.js';
import type { StoredOrigin } from './data-access/origin-summary.js';
import { versionOrigins, versionsInsert, type VersionWrite } from './data-access/draft-versions.js';
import { changedLinesOf, draftChangePayload, draftPayload, originsBefore, type DraftChangePayload, type DraftPayload } from './draft-payload.js';
import { priceAfterChange } from './line-price.js';

export type { DraftPayload } from './draft-payload.js';

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

interface DraftBatch {
  /** Drafts changed in the batch, by top-up key. */
  drafts: Map<string, PendingDraft>;
  origins: NewOrigin[];
  /** Open drafts loaded (and locked) when the batch began, of the `known` keys (absent: no open draft). */
  open: Map<string, LoadedDraft>;
  known: Set<string>;
  /** Lines to write at `flush` (`deferLines`). */
  lines?: LineWrite[];
}

interface PendingDraft {
  loaded: LoadedDraft;
  /** The version before the batch: the batch publishes baseVersion + 1. */
  baseVersion: number;
  orderDate: string | null;
  ctx: PublishContext;
  raised: boolean;
  /** The products whose lines the batch changed, and their origins before it (what draft-order.updated diffs). */
  changed: Set<string>;
  before: Map<string, readonly StoredOrigin[]>;
}

/**
 * Draft order use cases. Every change goes through a domain function (mergeNeed, shrinkLine, confirmDraft,
 * cancelDraft), is written in the caller's transaction, and is published through the outbox: a raised, confirmed
 * or cancelled draft whole, an updated one as the lines it changed (decision planning-025).
 * At most one open draft per key: the partial unique index refuses a second, INSERT ... ON CONFLICT DO
 * NOTHING detects it without an error, and the open draft is row-locked (FOR UPDATE) while topped up.
 */
@Injectable()
export class DraftOrderService {
  private readonly batches = new WeakMap<EntityManager, DraftBatch>();

  constructor(
    private readonly repo: DraftOrderRepository,
    private readonly publisher: EventPublisher,
    private readonly catalog: CatalogRepository,
  ) {}

  /**
   * Opens a unit of work on `tx` (a consumer batch), loading the open drafts of `topUpKeys` (locked already) in
   * one go: from now on `addNeed` keeps origins, headers and events until `flush` (lines too with `deferLines`,
   * when nothing in the batch reads a line after another need changed it), so a
   * draft topped up by many needs in one batch is loaded once and published once, as one change (one version
   * step; decision planning-007).
   */
  async beginBatch(tx: EntityManager, topUpKeys: string[] = [], options: { deferLines?: boolean; products?: readonly string[] } = {}): Promise<void> {
    const open = await this.repo.lockOpenMany(tx, topUpKeys, options.products);
    this.batches.set(tx, { drafts: new Map(), origins: [], open, known: new Set(topUpKeys), ...(options.deferLines ? { lines: [] } : {}) });
  }

  /**
   * Writes the batch's lines, new origins and headers, and publishes the drafts it changed, in one round trip
   * with the caller's `alongside` writes (decision messaging-007); ends the unit of work. Returns the ids of the
   * drafts it published.
   */
  async flush(tx: EntityManager, alongside: readonly (Statement | undefined)[] = []): Promise<string[]> {
    const batch = this.batches.get(tx);
    this.batches.delete(tx);
    if (!batch) {
      await runWrites(tx, alongside);
      return [];
    }
    const drafts = [...batch.drafts.values()].map((p) => ({ p, draft: { ...p.loaded.draft, version: p.baseVersion + 1 } }));
    // A draft raised in the batch is published whole; one topped up, as the lines it changed, with their terms only.
    const published = drafts.map(({ p, draft }) => (p.raised ? draft : changedLinesOf(draft, p.changed)));
    const terms = await lineTermsOfDrafts(tx, this.catalog, drafts.map(({ p }, i) => ({ header: p.loaded.header, draft: published[i]!, uoms: p.loaded.uoms, prices: p.loaded.prices })));
    const events = drafts.map(({ p, draft }, i) => {
      const header = { ...p.loaded.header, orderDate: p.orderDate };
      return p.raised
        ? { def: draftOrderRaised, payload: this.payload(header, draft, p.loaded.lineIds, true, terms[i]) }
        : { def: draftOrderUpdated, payload: draftChangePayload(header, draft, p.loaded, p.changed, p.before, terms[i] ?? {}) };
    });
    const originsOf = originsByDraft(drafts.map(({ p }) => p.loaded), batch.origins);
    await this.publisher.publishMany(tx, events.map((e, i) => ({ ...e, ...(drafts[i]!.p.ctx.causedBy ? { ctx: { causedBy: drafts[i]!.p.ctx.causedBy } } : {}) })), undefined, [
      ...alongside,
      batch.lines ? linesUpsert(batch.lines) : undefined,
      originsInsert(batch.origins),
      versionsInsert(drafts.map(({ p }, i) => versionOf(events[i]!.payload, p.raised ? 'raised' : 'updated', p.loaded, originsOf.get(p.loaded.header.id) ?? [], p.ctx))),
      headersUpdate(drafts.map(({ p, draft }) => ({ id: p.loaded.header.id, state: draft.state, version: draft.version, orderDate: p.orderDate }))),
    ]);
    return drafts.map(({ p }) => p.loaded.header.id);
  }

  /**
   * Writes what the batch holds back of its drafts (deferred lines, order dates) without ending it, so that a read
   * of the database in the same transaction (a projection not prefetched) sees the drafts as they are now.
   */
  async writePending(tx: EntityManager): Promise<void> {
    const batch = this.batches.get(tx);
    if (!batch || batch.drafts.size === 0) return;
    const lines = batch.lines?.splice(0) ?? [];
    await runWrites(tx, [
      linesUpsert(lines),
      headersUpdate([...batch.drafts.values()].map((p) => ({ id: p.loaded.header.id, state: p.loaded.draft.state, version: p.baseVersion, orderDate: p.orderDate }))),
    ]);
  }

  /** Raises the key's open draft with this need, or tops it up. */
  async addNeed(tx: EntityManager, need: PlanningNeed, target: DraftTarget, ctx: PublishContext = {}): Promise<{ draftId: string; change: DraftChange }> {
    await lockKey(tx, draftLockKey(target.keyString));
    const batch = this.batches.get(tx);
    const pending = batch?.drafts.get(target.keyString);
    if (batch && pending) {
      await this.withLineOf(tx, pending.loaded, need.productId);
      const change = mergeNeed(pending.loaded.draft, need);
      batch.origins.push(...(await this.writeLine(tx, pending.loaded, change, batch.lines)));
      if (change.lineChange) pending.changed.add(change.lineChange.productId);
      pending.loaded.draft = change.draft;
      pending.orderDate = minDate(pending.orderDate, target.orderDate);
      pending.ctx = ctx;
      return { draftId: pending.loaded.header.id, change };
    }
    for (let attempt = 0; attempt < MAX_KEY_ATTEMPTS; attempt++) {
      const preloaded = attempt === 0 && batch?.known.has(target.keyString);
      const open = preloaded ? batch?.open.get(target.keyString) : await this.repo.lockOpen(tx, target.keyString, need.productId);
      if (open) {
        await this.withLineOf(tx, open, need.productId);
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
      const loaded: LoadedDraft = {
        header: inserted, draft: { id, key: need.key, state: 'draft', version: 0, lines: [] }, lineIds: new Map(), originsLoaded: 'compact', stored: new Map(), uoms: new Map(),
        prices: new Map(), removed: new Map(), lineCount: 0,
      };
      if (batch) await this.hold(tx, batch, target.keyString, loaded, change, ctx, target.orderDate ?? null, true);
      else await this.save(tx, loaded, change, ctx, target.orderDate ?? null);
      return { draftId: id, change };
    }
    throw new Error(`could not obtain the open draft of key ${target.keyString}`);
  }

  /**
   * Persists a domain change of a loaded (locked) draft: the line that changed, its origins, the header and the
   * outbox event, the last three in one round trip. Returns the envelope published, if any.
   */
  async save(tx: EntityManager, loaded: LoadedDraft, change: DraftChange, ctx: PublishContext, orderDate = loaded.header.orderDate): Promise<EventEnvelope | undefined> {
    if (change.change === 'unchanged') return undefined;
    const before = originsBefore(loaded.draft);
    const lines: LineWrite[] = [];
    const origins = await this.writeLine(tx, loaded, change, lines);
    const draft = change.draft;
    const header = { ...loaded.header, orderDate };
    const changed = new Set(change.lineChange ? [change.lineChange.productId] : []);
    const whole = change.change !== 'updated';
    const [terms] = await lineTermsOfDrafts(tx, this.catalog, [{ header: loaded.header, draft: whole ? draft : changedLinesOf(draft, changed), uoms: loaded.uoms, prices: loaded.prices }]);
    const event = change.change === 'updated'
      ? { def: draftOrderUpdated, payload: draftChangePayload(header, draft, loaded, changed, before, terms ?? {}) }
      : { def: { raised: draftOrderRaised, confirmed: draftOrderConfirmed, cancelled: draftOrderCancelled }[change.change], payload: this.payload(header, draft, loaded.lineIds, true, terms) };
    const [envelope] = await this.publisher.publishMany(tx, [{ ...event, ...(ctx.causedBy ? { ctx: { causedBy: ctx.causedBy } } : {}) }], undefined, [
      linesUpsert(lines), originsInsert(origins), headersUpdate([{ id: loaded.header.id, state: draft.state, version: draft.version, orderDate }]),
      versionsInsert([versionOf(event.payload, change.change, loaded, origins, ctx)]),
    ]);
    return envelope;
  }

  private async hold(
    tx: EntityManager, batch: DraftBatch, key: string, loaded: LoadedDraft, change: DraftChange, ctx: PublishContext, orderDate: string | null, raised: boolean,
  ): Promise<void> {
    const baseVersion = loaded.draft.version;
    const before = originsBefore(loaded.draft);
    batch.origins.push(...(await this.writeLine(tx, loaded, change, batch.lines)));
    loaded.draft = change.draft;
    batch.drafts.set(key, { loaded, baseVersion, orderDate, ctx, raised, changed: new Set(change.lineChange ? [change.lineChange.productId] : []), before });
  }

  /** Writes the line a change touched, or adds it to `deferred` to write later; returns its origins to insert. */
  private async writeLine(tx: EntityManager, loaded: LoadedDraft, change: DraftChange, deferred?: LineWrite[]): Promise<NewOrigin[]> {
    const productId = change.lineChange?.productId;
    if (productId === undefined) return [];
    const line = change.draft.lines.find((l) => l.productId === productId);
    // Needs add up (many sales lines, a deep shortage): the line is refused, not published, past the quantity bound.
    if (line) assertWithinBound(line.quantity, 'quantity', `this change would take the line of ${productId} in draft ${loaded.header.topUpKey}`);
    let lineId = loaded.lineIds.get(productId);
    if (!lineId) {
      lineId = randomUUID();
      loaded.lineIds.set(productId, lineId);
      loaded.lineCount++;
    }
    if (line && loaded.header.type === 'purchase') await this.priceLine(tx, loaded, productId);
    const origins = await this.repo.saveLine(tx, loaded, productId, lineId, line, loaded.lineCount, deferred);
    if (!line) {
      const gone = loaded.draft.lines.find((l) => l.productId === productId);
      if (gone) loaded.removed.set(productId, { lineId, uom: gone.uom.code });
      loaded.lineCount--;
      loaded.lineIds.delete(productId);
      loaded.prices.delete(productId);
    }
    return origins;
  }

  /** Loads the line of `productId` into a draft loaded with only some of its lines, so the domain sees it. */
  private async withLineOf(tx: EntityManager, loaded: LoadedDraft, productId: string): Promise<void> {
    if (loaded.linesOf && !loaded.linesOf.has(productId)) await this.repo.loadLines(tx, loaded, [productId]);
  }

  /** Prices a purchase line that changed from its vendor's supplier info as it is now (decision planning-024). */
  private async priceLine(tx: EntityManager, loaded: LoadedDraft, productId: string): Promise<void> {
    const info = (await this.catalog.supplierInfos(tx, productId)).find((i) => i.vendorId === loaded.header.vendorId);
    const uoms = loaded.uoms.get(productId) ?? (await this.catalog.product(tx, productId));
    const price = priceAfterChange(info, uoms, loaded.prices.get(productId));
    if (price) loaded.prices.set(productId, price);
  }

  /**
   * The whole draft as events and the REST API show it (`draftPayload`): events (`summed`) carry one origin per
   * (kind, ref) with the summed quantity (decision planning-005), the REST API every origin.
   */
  payload(header: LoadedDraft['header'], draft: DraftOrder, lineIds: Map<string, string>, summed = false, terms: LineTerms = {}): DraftPayload {
    return draftPayload(header, draft, lineIds, summed, terms);
  }
}

/**
 * The compact version row of a published draft: its lines (whole, or those the version changed and removed, a
 * removed one at 0; decision planning-025), the origins this change added and the event behind it.
 */
function versionOf(
  payload: DraftPayload | DraftChangePayload, change: VersionWrite['change'], loaded: Pick<LoadedDraft, 'removed'>, origins: readonly NewOrigin[], ctx: PublishContext,
): VersionWrite {
  const cause = ctx.causedBy;
  const removed = 'removedLines' in payload
    ? payload.removedLines.map((r) => ({ productId: r.productId, quantity: '0', uom: loaded.removed.get(r.productId)?.uom ?? '' }))
    : [];
  return {
    draftId: payload.draftOrderId, version: payload.version, change, state: payload.state,
    lines: [
      ...payload.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, uom: l.uom, ...(l.unitPrice ? { unitPrice: l.unitPrice, priceUom: l.priceUom } : {}) })),
      ...removed,
    ],
    whole: !('removedLines' in payload),
    origins: versionOrigins(origins),
    ...(cause ? { cause: { id: cause.id, type: cause.type } } : {}),
  };
}

/** The batch's new origins by the draft whose line they joined (a line the batch removed has none left to show). */
function originsByDraft(drafts: readonly LoadedDraft[], origins: readonly NewOrigin[]): Map<string, NewOrigin[]> {
  const draftOfLine = new Map(drafts.flatMap((d) => [...d.lineIds.values()].map((lineId) => [lineId, d.header.id] as const)));
  const byDraft = new Map<string, NewOrigin[]>();
  for (const o of origins) {
    const id = draftOfLine.get(o.lineId);
    if (!id) continue;
    const list = byDraft.get(id);
    if (list) list.push(o);
    else byDraft.set(id, [o]);
  }
  return byDraft;
}

function minDate(a: string | null, b: string | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a <= b ? a : b;
}
