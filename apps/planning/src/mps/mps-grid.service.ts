import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  dec, localDate, nextPeriodStart, periodIndexOf, periodStarts, type BomInput, type DecimalInput, type IsoDate, type MpsCell,
  type MpsSiteInput, type MpsUpstreamRow, mpsRows, uomOf,
} from '@replenish/domain';
import { CatalogRepository, SupplyResolver, type BomRow, type Supply } from '../catalog/index.js';
import { Clock } from '../shared/clock.js';
import { FiguresJson } from './mps-figures.js';
import { MpsRepository, type DatedAmount, type MpsFigures, type MpsInputsRow, type MpsSettingsRow, type MpsTargetsRow } from './data-access/mps.repository.js';

/** The columns of a warehouse's schedule today. */
export interface MpsHorizon {
  settings: MpsSettingsRow;
  today: IsoDate;
  starts: IsoDate[];
  /** The day after the last column. */
  end: IsoDate;
}

/**
 * A row just computed: its figures as stored (JSON text), its targets, and its cells (with explanations) when the
 * caller asked for them (a whole warehouse's cells are many: kept only for explanations and replenishing).
 */
export interface ComputedRow {
  json: string;
  targets: MpsTargetsRow;
  cells?: MpsCell[];
}

/** What a refresh keeps of the rows beside their stored figures. */
export interface RefreshOptions {
  /** Keep each row's cells (explanations, replenishing). */
  cells?: boolean;
  /**
   * Called with the computed rows once their writing is sent, before it is awaited: an answer made from them is made
   * while the database stores them.
   */
  whileWriting?: (rows: ReadonlyMap<string, ComputedRow>) => void;
}

/** A product-site's catalog side: how it is replenished (null: no supply route yet) and the BOM it is made from. */
interface SiteSupply {
  supply: Supply | null;
  bom?: BomInput;
}

/**
 * Computes schedule rows with libs/domain's computeMpsGrid and stores them (planning.mps_rows): a whole warehouse, or
 * the rows a change reaches, that is the changed product-sites and their components in the schedule down every level,
 * the other parents of those components taken as stored (decision planning-022).
 */
@Injectable()
export class MpsGrid {
  constructor(
    private readonly repo: MpsRepository,
    private readonly catalog: CatalogRepository,
    private readonly supplies: SupplyResolver,
    private readonly clock: Clock,
  ) {}

  async horizon(tx: EntityManager, warehouseId: string): Promise<MpsHorizon> {
    const settings = await this.repo.settings(tx, warehouseId);
    const timeZone = (await this.catalog.warehouse(tx, warehouseId))?.timeZone ?? 'UTC';
    const today = localDate(this.clock.now(), timeZone);
    const starts = periodStarts(settings.period, today, settings.columns);
    return { settings, today, starts, end: nextPeriodStart(settings.period, starts[starts.length - 1] as IsoDate) };
  }

  /** Re-computes and stores every row of the warehouse's schedule; returns them by product. */
  async refreshAll(tx: EntityManager, warehouseId: string, h?: MpsHorizon, options: RefreshOptions = {}): Promise<Map<string, ComputedRow>> {
    const horizon = h ?? (await this.horizon(tx, warehouseId));
    const targets = await this.repo.targets(tx, warehouseId);
    const stored = await this.repo.digests(tx, warehouseId, horizon.starts[0] as IsoDate);
    return this.computeAndStore(tx, warehouseId, horizon, targets, [], new Map(), stored, options);
  }

  /**
   * Re-computes and stores the rows `changed` reaches at the warehouse (those in the schedule and their components in
   * it, every level down). Stored rows of another horizon (a new day, new settings) make it the whole warehouse.
   */
  async refresh(tx: EntityManager, warehouseId: string, changed: readonly string[]): Promise<Map<string, ComputedRow>> {
    const horizon = await this.horizon(tx, warehouseId);
    const reached = new Map((await this.repo.targets(tx, warehouseId, changed)).map((t) => [t.productId, t]));
    if (reached.size === 0) return new Map();
    const supplies = new Map<string, SiteSupply>();
    for (let next = [...reached.keys()]; next.length > 0;) {
      await this.siteSupplies(tx, warehouseId, next, supplies);
      const components = [...new Set(next.flatMap((p) => supplies.get(p)?.bom?.components.map((c) => c.productId) ?? []))].filter((c) => !reached.has(c));
      const found = components.length ? await this.repo.targets(tx, warehouseId, components) : [];
      for (const t of found) reached.set(t.productId, t);
      next = found.map((t) => t.productId);
    }
    const others = (await this.repo.parentsOf(tx, warehouseId, [...reached.keys()])).filter((p) => !reached.has(p));
    const stored = new Map((others.length ? await this.repo.rows(tx, warehouseId, others) : []).map((r) => [r.productId, r]));
    if (others.some((p) => stored.get(p)?.firstPeriod !== horizon.starts[0] || stored.get(p)?.figures.replenishment.length !== horizon.starts.length)) {
      return this.refreshAll(tx, warehouseId, horizon);
    }
    await this.siteSupplies(tx, warehouseId, others, supplies);
    const upstream: MpsUpstreamRow[] = others.flatMap((p) => {
      const s = supplies.get(p);
      const f = stored.get(p)?.figures as MpsFigures;
      return s?.bom ? [{ productId: p, leadDays: s.supply?.leadDays ?? 0, bom: s.bom, produced: f.replenishment.map((r, i) => maxOf(r, f.alreadyOrdered[i] as string)) }] : [];
    });
    return this.computeAndStore(tx, warehouseId, horizon, [...reached.values()].sort((a, b) => (a.productId < b.productId ? -1 : 1)), upstream, supplies);
  }

  /**
   * Computes the rows of `targets` and writes those whose figures changed. Each row becomes its stored JSON as soon as
   * it is computed, so its cells are garbage at once unless asked for (bench:mps: kept for a whole warehouse, garbage
   * collection took a third of the computation). The rows go to the database ROWS_PER_WRITE at a time while the next
   * ones are computed: PostgreSQL stores one slice on its own core while this process computes the next (bench:mps: the
   * write of a whole warehouse had waited 0.4 s after the computation).
   */
  private async computeAndStore(
    tx: EntityManager, warehouseId: string, h: MpsHorizon, targets: MpsTargetsRow[], upstream: MpsUpstreamRow[], known = new Map<string, SiteSupply>(),
    stored?: ReadonlyMap<string, string>, options: RefreshOptions = {},
  ): Promise<Map<string, ComputedRow>> {
    const ids = targets.map((t) => t.productId);
    await this.siteSupplies(tx, warehouseId, ids.filter((id) => !known.has(id)), known);
    const inputs = new Map((await this.repo.inputs(tx, warehouseId, ids, h.starts[0] as IsoDate, h.end, h.today)).map((r) => [r.productId, r]));
    const sites = targets.map((t) => siteInput(t, inputs.get(t.productId) as MpsInputsRow, known.get(t.productId) as SiteSupply, h));
    const json = new Map<string, string>();
    const cells = new Map<string, MpsCell[]>();
    const figures = new FiguresJson();
    const writes: Promise<void>[] = [];
    let slice: { productId: string; json: string }[] = [];
    const write = () => {
      const sent = this.repo.upsertRows(tx, warehouseId, h.starts[0] as IsoDate, slice);
      sent.catch(() => undefined); // awaited below, with the others: no rejection goes unhandled meanwhile
      writes.push(sent);
      slice = [];
    };
    for (const [site, row] of mpsRows({ period: h.settings.period, starts: h.starts, sites, upstream })) {
      const text = figures.of(row, site.leadDays);
      json.set(site.productId, text);
      if (options.cells) cells.set(site.productId, row);
      // Only the rows whose content changed are sent: a whole warehouse re-computed mostly finds its rows as stored.
      const was = stored?.get(site.productId);
      if (was === undefined || was !== createHash('md5').update(text).digest('hex')) slice.push({ productId: site.productId, json: text });
      if (slice.length === ROWS_PER_WRITE) {
        write();
        await new Promise(setImmediate); // the slice's statement goes out, and its answer is read, while the next are computed
      }
    }
    if (slice.length > 0) write();
    const computed = new Map(targets.map((t): [string, ComputedRow] => {
      const row = cells.get(t.productId);
      return [t.productId, { json: json.get(t.productId) as string, targets: t, ...(row ? { cells: row } : {}) }];
    }));
    try {
      options.whileWriting?.(computed);
    } finally {
      await Promise.all(writes);
    }
    return computed;
  }

  /** The supply and BOM of each product at the warehouse, the catalog read in one statement. */
  async siteSupplies(tx: EntityManager, warehouseId: string, productIds: readonly string[], into = new Map<string, SiteSupply>()): Promise<Map<string, SiteSupply>> {
    const missing = productIds.filter((p) => !into.has(p));
    if (missing.length === 0) return into;
    await this.catalog.preload(tx, missing, [warehouseId]);
    const found: { id: string; supply: Supply | null; bom?: BomRow }[] = [];
    for (const id of missing) {
      const product = await this.catalog.product(tx, id);
      const resolved = product ? await this.supplies.resolve(tx, product, warehouseId) : null;
      const supply = resolved?.ok ? resolved.supply : null;
      // The product's BOMs from the snapshot (a lookup by product), not `bom(id)`, which scans every BOM it holds.
      const bom = supply?.bomId ? (await this.catalog.boms(tx, id)).find((b) => b.id === supply.bomId) : undefined;
      found.push({ id, supply, ...(bom ? { bom } : {}) });
    }
    // Components' UoMs (their rounding rounds the indirect demand up), all in one statement.
    const uoms = await this.catalog.productUoms(tx, new Set(found.flatMap((f) => f.bom?.components.map((c) => c.productId) ?? [])));
    for (const { id, supply, bom } of found) {
      into.set(id, {
        supply,
        ...(bom ? {
          bom: {
            outputQuantity: bom.outputQty,
            components: bom.components.map((c) => ({ productId: c.productId, quantity: c.quantity, uom: uomOf(uoms.get(c.productId)?.stockUom ?? UNITS) })),
          },
        } : {}),
      });
    }
    return into;
  }
}

/** Rows a write statement sends while the next are computed: small enough that the first goes out early. */
const ROWS_PER_WRITE = 250;

const UNITS = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const maxOf = (a: string, b: string) => (dec(a).gte(dec(b)) ? dec(a) : dec(b));

/** A product-site's inputs put in columns: what is dated before the first column counts in it. */
function siteInput(t: MpsTargetsRow, inputs: MpsInputsRow, s: SiteSupply, h: MpsHorizon): MpsSiteInput {
  const columns = (entries: readonly DatedAmount[] | null | undefined): DecimalInput[] => {
    const out: DecimalInput[] = [];
    for (const [date, quantity] of entries ?? []) {
      const i = periodIndexOf(h.starts, h.end, date.slice(0, 10));
      if (i >= 0) out[i] = out[i] === undefined ? quantity : dec(out[i] as DecimalInput).plus(quantity);
    }
    return out;
  };
  const ordered = columns([...(inputs.drafts ?? []), ...inputs.incoming.filter((x) => x.date < h.end).map((x): DatedAmount => [x.date, x.quantity])]);
  return {
    productId: t.productId,
    targets: { safetyTarget: t.safetyTarget, minimum: t.minimum, maximum: t.maximum },
    startingStock: inputs.onHand,
    leadDays: s.supply?.leadDays ?? 0,
    forecast: columns(inputs.forecasts),
    actualDemand: columns(inputs.sales),
    alreadyOrdered: ordered,
    overrides: columns(inputs.overrides),
    ...(s.bom ? { bom: s.bom } : {}),
  };
}
