import { BomImport, ProductImport, VendorImport, WarehouseSettingsImport } from './catalog-imports.js';
import { Exports } from './exports.js';
import { Imports } from './import-kinds.js';
import { ImportRunner } from './import-runner.js';
import { RuleImport } from './rule-import.js';

/** The imports feature's providers, for PlanningModule. */
export const IMPORT_PROVIDERS = [ImportRunner, Imports, Exports, ProductImport, VendorImport, BomImport, WarehouseSettingsImport, RuleImport];
