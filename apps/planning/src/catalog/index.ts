// The catalog feature's public file: what other features of planning may use (decision 0005).
export { CatalogService } from './catalog.service.js';
export { CatalogBulkRepository, type ProductWithSuppliers, type WarehouseLeadDays } from './data-access/catalog-bulk.repository.js';
export {
  CatalogRepository, type BomRow, type ProductRow, type ProductUomsRow, type SupplierInfoRow, type VendorRow,
} from './data-access/catalog.repository.js';
export {
  BomDto, DECIMAL_DOC, ID_DOC, ID_MESSAGE, ID_PATTERN, ProductDto, SupplierInfoDto, VendorDto, WarehouseSettingsDto,
} from './entry-points/catalog.dto.js';
export { BomView, ProductView, VendorView } from './entry-points/catalog.responses.js';
export { knownBom, knownProduct, knownVendor, knownWarehouse } from './references.js';
export { SupplyResolver, type Dependent, type Supply } from './supply-resolver.js';
