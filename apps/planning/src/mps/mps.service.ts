import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { productWarehouseKey } from '@replenish/contracts';
import { addDays, dec, periodIndexOf, periodStartOf, type IsoDate, type MpsCell } from '@replenish/domain';
import { assertWithinBound, badRequest, conflict } from '@replenish/service-kit';
import { CatalogRepository, knownProduct, knownWarehouse } from '../catalog/index.js';
import { PlanningMethods } from '../planning-methods/index.js';
import { RuleRepository } from '../reordering-rules/index.js';
import { serializeWrites } from '../shared/db.js';
import { notFound } from '../shared/http-errors.js';
import { MpsRepository, type MpsFigures, type MpsSettingsRow, type MpsTargetsRow } from './data-access/mps.repository.js';
import type { MpsGridQueryDto, MpsPeriodQuantityDto, MpsProductSiteDto, MpsSettingsDto } from './entry-points/mps.dto.js';
import type { MpsGridView, MpsRowView } from './entry-points/mps.responses.js';
import { rowJson, rowView } from './mps-figures.js';
import { MpsGrid, type ComputedRow, type MpsHorizon } from './mps-grid.service.js';

/** What planners enter per column: forecasts, or overrides of the replenishment. */
export type Entered = 'mps_forecasts' | 'mps_overrides';

/**
 * The schedule's settings, targets, entered forecasts and overrides, and the grid (docs/semantics.md, "Master
 * production schedule"; decision planning-022). Every change re-computes the rows it reaches in its transaction.
 */
@Injectable()
export class MpsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: MpsRepository,
    private readonly grid: MpsGrid,
    private readonly catalog: CatalogRepository,
    private readonly methods: PlanningMethods,
    private readonly rules: RuleRepository,
  ) {}

  async settings(warehouseId: string): Promise<MpsSettingsRow> {
    await knownWarehouse(this.catalog, this.db.manager, warehouseId);
    return this.repo.settings(this.db.manager, warehouseId);
  }

  /** A new period would make what was entered per old period meaningless: refused (409) unless discarded on purpose. */
  async putSettings(warehouseId: string, dto: MpsSettingsDto): Promise<MpsSettingsRow> {
    return this.db.transaction(async (tx) => {
      await knownWarehouse(this.catalog, tx, warehouseId);
      await serializeWrites(tx);
      const current = await this.repo.settings(tx, warehouseId);
      if (current.period !== dto.period) {
        const entered = await this.repo.enteredCount(tx, warehouseId);
        if (entered > 0 && dto.discardEntered !== true) {
          throw conflict(
            `changing the period of warehouse ${warehouseId} from ${current.period} to ${dto.period} would lose the ${entered} forecasts and overrides ` +
              `entered per ${current.period}: export them with GET /mps/export?warehouseId=${warehouseId}, then send discardEntered: true`,
            'MPS_ENTERED_PER_PERIOD',
          );
        }
        await this.repo.discardEntered(tx, warehouseId);
      }
      const next = { warehouseId, period: dto.period, columns: dto.columns };
      await this.repo.putSettings(tx, next);
      await this.grid.refreshAll(tx, warehouseId);
      return next;
    });
  }

  /** In the schedule (claiming the product-site's one planning method: 409 naming a rule or MRP there) or out, with targets. */
  async putProductSite(productId: string, warehouseId: string, dto: MpsProductSiteDto) {
    const t: MpsTargetsRow = { productId, warehouseId, safetyTarget: dto.safetyTarget ?? '0', minimum: dto.minimum ?? '0', maximum: dto.maximum ?? null };
    if (t.maximum !== null && dec(t.minimum).gt(t.maximum)) throw badRequest('maximum', `must be at least minimum (${t.maximum} < ${t.minimum})`);
    return this.db.transaction(async (tx) => {
      await knownProduct(this.catalog, tx, productId);
      await knownWarehouse(this.catalog, tx, warehouseId);
      await serializeWrites(tx);
      await this.repo.putTargets(tx, t);
      if (dto.inSchedule) {
        await this.methods.claim(tx, productId, warehouseId, 'mps');
        await this.rules.markMpsPlanned(tx, productId, warehouseId);
        await this.grid.refresh(tx, warehouseId, [productId]);
      } else if (await this.rules.unmarkMpsPlanned(tx, productId, warehouseId)) {
        await this.repo.removeRow(tx, productId, warehouseId);
        await this.grid.refreshAll(tx, warehouseId); // its components lose its indirect demand
      }
      return { ...t, inSchedule: dto.inSchedule };
    });
  }

  /** Sets columns of forecasts or overrides from REST (each `periodStart` the first day of a column) and answers the new row. */
  async putEntered(table: Entered, productId: string, warehouseId: string, periods: MpsPeriodQuantityDto[]): Promise<MpsRowView> {
    return this.db.transaction(async (tx) => {
      await serializeWrites(tx);
      const { period } = await this.plannedSettings(tx, productId, warehouseId);
      const seen = new Set<string>();
      periods.forEach((p, i) => {
        const start = periodStartOf(period, p.periodStart);
        if (start !== p.periodStart) throw badRequest(`periods.${i}.periodStart`, `is not the first day of a ${period} at warehouse ${warehouseId} (${start} is)`);
        if (seen.has(start)) throw badRequest(`periods.${i}.periodStart`, `${start} is given twice`);
        seen.add(start);
      });
      await this.repo.putEntered(tx, table, productId, warehouseId, periods);
      const { json, targets } = (await this.grid.refresh(tx, warehouseId, [productId])).get(productId) as ComputedRow;
      const figures = JSON.parse(json) as MpsFigures;
      return rowView({ productId, figures }, targets, 0, figures.replenishment.length);
    });
  }

  /** Resets every override of the product-site: the suggestions apply again. */
  async resetOverrides(productId: string, warehouseId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await serializeWrites(tx);
      await this.plannedSettings(tx, productId, warehouseId);
      await this.repo.clearEntered(tx, 'mps_overrides', productId, warehouseId);
      await this.grid.refresh(tx, warehouseId, [productId]);
    });
  }

  /**
   * Forecasts dated anyhow (an upstream forecasting system's): each quantity goes to the column its date falls in,
   * quantities of one column summed, replacing what the column had. Product-sites outside the schedule are skipped
   * (false).
   */
  async applyForecast(tx: EntityManager, productId: string, warehouseId: string, dated: readonly { date: IsoDate; quantity: string }[]): Promise<boolean> {
    if ((await this.repo.targets(tx, warehouseId, [productId])).length === 0) return false;
    const { period } = await this.repo.settings(tx, warehouseId);
    const byStart = new Map<string, ReturnType<typeof dec>>();
    for (const d of dated) {
      const start = periodStartOf(period, d.date);
      byStart.set(start, (byStart.get(start) ?? dec(0)).plus(d.quantity));
    }
    for (const [start, q] of byStart) assertWithinBound(q, 'quantity', `this forecast would take the column from ${start} of ${productId} at ${warehouseId}`);
    await this.repo.putEntered(tx, 'mps_forecasts', productId, warehouseId, [...byStart].map(([periodStart, q]) => ({ periodStart, quantity: q.toString() })));
    await this.grid.refresh(tx, warehouseId, [productId]);
    return true;
  }

  /**
   * The grid of a warehouse, from stored rows (re-computed first when another day or other settings made them stale).
   * A re-computed whole grid is answered as JSON text made from the rows' stored text while they are written.
   */
  async view(q: MpsGridQueryDto): Promise<MpsGridView | string> {
    return this.db.transaction(async (tx) => {
      await knownWarehouse(this.catalog, tx, q.warehouseId);
      const h = await this.grid.horizon(tx, q.warehouseId);
      const { first, count } = window(h, q.from, q.periods);
      const only = q.productId ? [q.productId] : undefined;
      const targets = await this.repo.targets(tx, q.warehouseId, only);
      const stored = await this.repo.rows(tx, q.warehouseId, only);
      const stale = stored.length !== targets.length || stored.some((r) => r.firstPeriod !== h.starts[0] || r.figures.replenishment.length !== h.starts.length);
      const head = { warehouseId: q.warehouseId, period: h.settings.period, periods: h.starts.slice(first, first + count) };
      const answer = (rows: MpsRowView[]): MpsGridView => ({ ...head, rows });
      if (!stale && q.explain !== 'true') {
        const byId = new Map(targets.map((t) => [t.productId, t]));
        return answer(stored.filter((r) => byId.has(r.productId)).map((r) => rowView(r, byId.get(r.productId) as MpsTargetsRow, first, count)));
      }
      await serializeWrites(tx);
      const explain = q.explain === 'true';
      if (!explain && first === 0 && count === h.starts.length) {
        let text = '';
        await this.grid.refreshAll(tx, q.warehouseId, h, {
          whileWriting: (computed) => {
            const rows = targets.map((t) => rowJson(t.productId, t, (computed.get(t.productId) as ComputedRow).json));
            text = `${JSON.stringify({ ...head, rows: [] }).slice(0, -2)}${rows.join(',')}]}`;
          },
        });
        return text;
      }
      const computed = await this.grid.refreshAll(tx, q.warehouseId, h, { cells: explain });
      return answer(targets.map((t) => {
        const { cells, json } = computed.get(t.productId) as ComputedRow;
        const view = rowView({ productId: t.productId, figures: JSON.parse(json) as MpsFigures }, t, first, count);
        return explain ? { ...view, explanations: (cells as MpsCell[]).slice(first, first + count).map((c) => c.explanation.text) } : view;
      }));
    });
  }

  /** The settings of a product-site's warehouse; 404 unless the schedule plans the product there. */
  async plannedSettings(tx: EntityManager, productId: string, warehouseId: string): Promise<MpsSettingsRow> {
    if ((await this.repo.targets(tx, warehouseId, [productId])).length === 0) {
      throw notFound('MPS row of', productWarehouseKey(productId, warehouseId), 'productId', `put it in the schedule with PUT /mps/${productId}/${warehouseId} and inSchedule true`);
    }
    return this.repo.settings(tx, warehouseId);
  }
}

/** Which columns of the horizon to answer: from the column of `from` (default the first), `periods` of them (default the rest). */
function window(h: MpsHorizon, from: string | undefined, periods: number | undefined): { first: number; count: number } {
  const first = from === undefined ? 0 : periodIndexOf(h.starts, h.end, from);
  if (from !== undefined && (from < (h.starts[0] as IsoDate) || first < 0)) {
    throw badRequest('from', `must fall within the schedule, ${h.starts[0]} to ${nextDayBefore(h)} (${h.settings.columns} ${h.settings.period} columns from today)`);
  }
  const count = periods ?? h.starts.length - first;
  if (first + count > h.starts.length) throw badRequest('periods', `goes past the schedule's last column (${h.starts.length - first} columns from ${h.starts[first]})`);
  return { first, count };
}

const nextDayBefore = (h: MpsHorizon): string => addDays(h.end, -1);
