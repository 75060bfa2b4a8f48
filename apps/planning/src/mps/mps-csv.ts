import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { isDecimalString as isQuantity, badRequest } from '@replenish/service-kit';
import { periodStartOf, isIsoDate } from '@replenish/domain';
import { CatalogRepository, knownWarehouse } from '../catalog/index.js';
import { serializeWrites } from '../shared/db.js';
import { MpsRepository } from './data-access/mps.repository.js';
import { MpsGrid } from './mps-grid.service.js';

/** Where the grid import is, and the larger body it takes (a year of days for thousands of products). */
export const MPS_IMPORT_PATH = '/mps/import';
export const MPS_IMPORT_BODY_LIMIT_KB = 32 * 1024;

/**
 * The forecast grid as CSV, the shape a planner edits in a spreadsheet: a header `productId,<periodStart>,...`, then a
 * row per product with its forecast per column. An import sets every non-empty cell (empty cells leave the column as
 * it is), all or nothing; an export gives the warehouse's current columns, so it imports back unchanged.
 */
@Injectable()
export class MpsCsv {
  constructor(
    private readonly db: DataSource,
    private readonly repo: MpsRepository,
    private readonly grid: MpsGrid,
    private readonly catalog: CatalogRepository,
  ) {}

  /** A CSV grid (text) or its JSON form ({ periods, rows: [{ productId, forecast }] }), all or nothing. */
  async import(warehouseId: string, body: unknown): Promise<{ cells: number; products: number }> {
    const records = typeof body === 'string' ? csvRecords(body) : jsonRecords(body);
    return this.db.transaction(async (tx) => {
      await knownWarehouse(this.catalog, tx, warehouseId);
      await serializeWrites(tx);
      const { period } = await this.repo.settings(tx, warehouseId);
      const [header, ...rows] = records;
      if (!header || header[0]?.trim() !== 'productId') throw badRequest('(body)', 'the header must start with productId, then the first day of each column');
      const starts = header.slice(1).map((c, i) => {
        const d = c.trim();
        if (!isIsoDate(d) || periodStartOf(period, d) !== d) throw badRequest('(body)', `header column ${i + 2} (${d}) is not the first day of a ${period} at warehouse ${warehouseId}`);
        return d;
      });
      const planned = new Set((await this.repo.targets(tx, warehouseId, rows.map((r) => r[0]?.trim() ?? ''))).map((t) => t.productId));
      let cells = 0;
      const products: string[] = [];
      for (const [n, record] of rows.entries()) {
        const productId = record[0]?.trim() ?? '';
        const line = n + 2;
        if (!planned.has(productId)) throw badRequest('(body)', `line ${line}: product ${productId} is not in the schedule at warehouse ${warehouseId}`);
        if (record.length !== header.length) throw badRequest('(body)', `line ${line}: ${record.length} cells, the header has ${header.length}`);
        const entries = starts.flatMap((periodStart, i) => {
          const cell = (record[i + 1] ?? '').trim();
          if (cell === '') return [];
          if (!isQuantity(cell)) throw badRequest('(body)', `line ${line}, column ${periodStart}: ${cell} is not a non-negative decimal within the quantity bound`);
          return [{ periodStart, quantity: cell }];
        });
        if (entries.length === 0) continue;
        await this.repo.putEntered(tx, 'mps_forecasts', productId, warehouseId, entries);
        cells += entries.length;
        products.push(productId);
      }
      if (products.length) await this.grid.refresh(tx, warehouseId, products);
      return { cells, products: products.length };
    });
  }

  /** The warehouse's forecasts over its current columns, null where none was entered. */
  async exportGrid(warehouseId: string): Promise<{ periods: string[]; rows: { productId: string; forecast: (string | null)[] }[] }> {
    const tx = this.db.manager;
    await knownWarehouse(this.catalog, tx, warehouseId);
    const h = await this.grid.horizon(tx, warehouseId);
    const forecasts = await this.repo.forecastsFrom(tx, warehouseId, h.starts[0] as string);
    const byProduct = new Map((await this.repo.targets(tx, warehouseId)).map((t) => [t.productId, new Map<string, string>()]));
    for (const f of forecasts) byProduct.get(f.productId)?.set(f.periodStart, f.quantity);
    return { periods: h.starts, rows: [...byProduct].map(([productId, cells]) => ({ productId, forecast: h.starts.map((d) => cells.get(d) ?? null) })) };
  }

  async export(warehouseId: string): Promise<string> {
    const grid = await this.exportGrid(warehouseId);
    return stringify([['productId', ...grid.periods], ...grid.rows.map((r) => [r.productId, ...r.forecast.map((q) => q ?? '')])]);
  }
}

function csvRecords(text: string): string[][] {
  try {
    return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (e) {
    throw badRequest('(body)', `is not readable CSV: ${(e as Error).message}`);
  }
}

/** The JSON grid as CSV records would read: the header, then a row per product. */
function jsonRecords(body: unknown): string[][] {
  const grid = body as { periods?: unknown; rows?: unknown } | null;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (typeof grid !== 'object' || grid === null || !strings(grid.periods) || !Array.isArray(grid.rows)) {
    throw badRequest('(body)', 'must be text/csv, or JSON { periods: [dates], rows: [{ productId, forecast: [quantity or null per period] }] }');
  }
  return [['productId', ...grid.periods], ...grid.rows.map((r: unknown, i: number) => {
    const row = r as { productId?: unknown; forecast?: unknown } | null;
    const forecast = row?.forecast;
    if (typeof row?.productId !== 'string' || !Array.isArray(forecast) || !forecast.every((q) => q === null || typeof q === 'string')) {
      throw badRequest(`rows.${i}`, 'must be { productId: string, forecast: [decimal string or null per period] }');
    }
    return [row.productId, ...forecast.map((q) => (q as string | null) ?? '')];
  })];
}
