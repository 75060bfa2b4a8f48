import { Injectable } from '@nestjs/common';
import { BomImport, ProductImport, VendorImport, WarehouseSettingsImport } from './catalog-imports.js';
import { ImportRunner, type ImportResult, type KindImport } from './import-runner.js';
import type { ImportFormat } from './import-rows.js';
import { RuleImport } from './rule-import.js';

export const IMPORT_KINDS = ['products', 'vendors', 'boms', 'warehouse-settings', 'reordering-rules'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The imports by kind (the path segment after /imports/ and /exports/). */
@Injectable()
export class Imports {
  private readonly kinds: Record<ImportKind, KindImport<object>>;

  constructor(
    private readonly runner: ImportRunner,
    products: ProductImport, vendors: VendorImport, boms: BomImport, warehouses: WarehouseSettingsImport, rules: RuleImport,
  ) {
    this.kinds = { products, vendors, boms, 'warehouse-settings': warehouses, 'reordering-rules': rules } as Record<ImportKind, KindImport<object>>;
  }

  run(kind: ImportKind, format: ImportFormat, body: unknown): Promise<ImportResult> {
    return this.runner.run(this.kinds[kind], format, body);
  }
}
