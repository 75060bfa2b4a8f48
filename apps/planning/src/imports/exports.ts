import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogBulkRepository } from '../catalog/index.js';
import { RuleBulkRepository } from '../reordering-rules/index.js';
import { BOM_SHAPE, PRODUCT_SHAPE, VENDOR_SHAPE, WAREHOUSE_SHAPE } from './catalog-imports.js';
import { flatten, MEDIA_TYPES, type CsvShape, type ImportFormat } from './import-rows.js';
import { RULE_SHAPE } from './rule-import.js';
import type { ImportKind } from './import-kinds.js';

/** Rows per page read from the database while an export streams. */
const PAGE_ROWS = 1000;

type Row = Record<string, unknown>;

interface KindExport {
  shape: CsvShape;
  /** The CSV header: field paths, lists spread over as many numbered columns as the widest row needs. */
  columns(tx: EntityManager): Promise<string[]>;
  /** The page after the row `after` (undefined: the first), as import rows. */
  page(tx: EntityManager, after: Row | undefined): Promise<Row[]>;
}

const UOM = (prefix: string) => ['code', 'category', 'factor', 'rounding'].map((f) => `${prefix}.${f}`);
const numbered = (list: string, n: number, fields: string[]) => Array.from({ length: n }, (_, i) => fields.map((f) => `${list}.${i}.${f}`)).flat();

/** A row without its null fields: absent in an import means the same (the defaults of the single-row endpoints). */
const withoutNulls = (row: object): Row => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined));

/**
 * Exports in the import's own row shapes and formats, streamed page by page (PAGE_ROWS), so that an export imported
 * again changes nothing (decision planning-014).
 */
@Injectable()
export class Exports {
  private readonly kinds: Record<ImportKind, KindExport>;

  constructor(
    private readonly db: DataSource,
    catalog: CatalogBulkRepository,
    rules: RuleBulkRepository,
  ) {
    this.kinds = {
      products: {
        shape: PRODUCT_SHAPE,
        columns: async (tx) => [
          'id', 'sku', 'name', ...UOM('stockUom'), ...UOM('purchaseUom'), 'routes', 'takeFromStockFirst', 'active',
          ...numbered('suppliers', (await catalog.widestLists(tx)).suppliers, ['vendorId', 'leadTimeDays', 'minQty', 'price', 'sequence']),
        ],
        page: async (tx, after) => (await catalog.productPage(tx, String(after?.['id'] ?? ''), PAGE_ROWS)).map(({ version: _v, ...p }) => withoutNulls(p)),
      },
      vendors: {
        shape: VENDOR_SHAPE,
        columns: () => Promise.resolve(['id', 'name', 'active']),
        page: async (tx, after) => (await catalog.vendorPage(tx, String(after?.['id'] ?? ''), PAGE_ROWS)).map(withoutNulls),
      },
      boms: {
        shape: BOM_SHAPE,
        columns: async (tx) => {
          const widest = await catalog.widestLists(tx);
          return [
            'id', 'productId', 'outputQty', 'productionDelayDays', 'type',
            ...numbered('components', Math.max(1, widest.components), ['productId', 'quantity', 'scrapPercent']),
            ...numbered('byProducts', widest.byProducts, ['productId', 'quantity', 'costShare']),
          ];
        },
        page: async (tx, after) => (await catalog.bomPage(tx, String(after?.['id'] ?? ''), PAGE_ROWS)).map(withoutNulls),
      },
      'warehouse-settings': {
        shape: WAREHOUSE_SHAPE,
        columns: () => Promise.resolve(['warehouseId', 'purchaseSecurityLeadDays', 'manufacturingSecurityLeadDays', 'daysToPurchase', 'daysToPrepare', 'transferLeadDays']),
        page: async (tx, after) => (await catalog.warehousePage(tx, String(after?.['warehouseId'] ?? ''), PAGE_ROWS)).map(withoutNulls),
      },
      'reordering-rules': {
        shape: RULE_SHAPE,
        columns: () => Promise.resolve(['productId', 'warehouseId', 'min', 'max', 'multiple', 'trigger', 'route', 'vendorId', 'bomId', 'visibilityDays', 'snoozedUntil']),
        page: async (tx, after) => {
          const rows = await rules.page(tx, { productId: String(after?.['productId'] ?? ''), warehouseId: String(after?.['warehouseId'] ?? '') }, PAGE_ROWS);
          return rows.map(({ id: _id, ...r }) => withoutNulls(r));
        },
      },
    };
  }

  /** Writes every row of `kind` to `res` in `format`, waiting for the client whenever its buffer is full. */
  async stream(kind: ImportKind, format: ImportFormat, res: ServerResponse): Promise<void> {
    const k = this.kinds[kind];
    const tx = this.db.manager;
    res.setHeader('Content-Type', `${MEDIA_TYPES[format]}; charset=utf-8`);
    res.setHeader('Content-Disposition', `attachment; filename="${kind}.${format}"`);
    const columns = format === 'csv' ? await k.columns(tx) : [];
    let first = true;
    const write = async (text: string) => {
      if (!res.write(text)) await once(res, 'drain');
    };
    if (format === 'csv') await write(stringify([columns]));
    if (format === 'json') await write('[');
    for (let page = await k.page(tx, undefined); page.length > 0; page = await k.page(tx, page[page.length - 1])) {
      if (res.destroyed) return; // the client went away
      if (format === 'csv') await write(stringify(page.map((r) => flatten(r, columns, k.shape))));
      else if (format === 'ndjson') await write(page.map((r) => `${JSON.stringify(r)}\n`).join(''));
      else {
        await write(`${first ? '' : ','}${page.map((r) => JSON.stringify(r)).join(',')}`);
        first = false;
      }
      if (page.length < PAGE_ROWS) break;
    }
    if (format === 'json') await write(']');
    res.end();
  }
}
